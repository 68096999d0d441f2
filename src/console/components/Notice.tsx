/**
 * A polite live region for what a change did ("Saved..."). It is always in the page, so screen
 * readers hear a message put into it; an empty one takes no room.
 */
export function Notice({ message }: { message: string | null }) {
  return (
    <p className={message ? 'notice' : 'notice empty'} role="status">
      {message ? (
        <>
          <span className="notice-icon" aria-hidden="true">
            ✓
          </span>{' '}
          {message}
        </>
      ) : null}
    </p>
  );
}
