/** A bell, drawn rather than an emoji: the kiosk ships no emoji font. */
export function BellIcon() {
  return (
    <svg className="bell" viewBox="0 0 24 24" width="1em" height="1em" aria-hidden="true" focusable="false">
      <path
        d="M12 3a6 6 0 0 0-6 6v4.2L4.3 16.5a.9.9 0 0 0 .8 1.5h13.8a.9.9 0 0 0 .8-1.5L18 13.2V9a6 6 0 0 0-6-6Zm-2.4 16a2.5 2.5 0 0 0 4.8 0Z"
        fill="currentColor"
      />
    </svg>
  );
}
