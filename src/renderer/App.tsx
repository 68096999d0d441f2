/** Placeholder screen until the kiosk UI issue: says what this is and that it is not ready. */
export function App() {
  return (
    <main className="placeholder">
      <h1>CivicPass Terminal</h1>
      <p>The kiosk screens are not built yet. Verify cards from the command line: see the README.</p>
    </main>
  );
}
