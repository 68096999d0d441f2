import { useCallback, useEffect, useRef, useState } from 'react';

export type Outcome<R> = { readonly ok: true; readonly value: R } | { readonly ok: false };

/**
 * A change sent to the server: busy while it runs, its error kept for the page to word. A second
 * press while one is under way is dropped (no double submit), whatever the button shows.
 */
export function useAction<A extends unknown[], R>(
  fn: (...args: A) => Promise<R>,
): {
  run: (...args: A) => Promise<Outcome<R>>;
  busy: boolean;
  error: unknown;
  clearError: () => void;
} {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const inFlight = useRef(false);
  const fnRef = useRef(fn);
  useEffect(() => {
    fnRef.current = fn;
  });
  const run = useCallback(async (...args: A): Promise<Outcome<R>> => {
    if (inFlight.current) return { ok: false };
    inFlight.current = true;
    setBusy(true);
    setError(null);
    try {
      return { ok: true, value: await fnRef.current(...args) };
    } catch (e) {
      setError(e);
      return { ok: false };
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  }, []);
  const clearError = useCallback(() => setError(null), []);
  return { run, busy, error, clearError };
}
