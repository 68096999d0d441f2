import type { Outcome } from '../../core/reasons';

/**
 * Shape and icon per outcome (docs/contract/ui-brief.md, "The four outcomes"), so colour is never
 * the only cue: circle + tick, triangle + exclamation, octagon + cross, square + question mark.
 * The tick never mirrors in RTL.
 */
export function OutcomeSymbol({ outcome, size = 120 }: { outcome: Outcome; size?: number }) {
  return (
    <svg
      className="outcome-symbol"
      width={size}
      height={size}
      viewBox="0 0 100 100"
      aria-hidden="true"
      focusable="false"
    >
      {outcome === 'valid' && (
        <>
          <circle cx="50" cy="50" r="46" fill="#111" />
          <path
            d="M28 52 L44 68 L73 34"
            fill="none"
            stroke="#52c872"
            strokeWidth="10"
            strokeLinecap="round"
            strokeLinejoin="round"
          />
        </>
      )}
      {outcome === 'limited' && (
        <>
          <path d="M50 6 L96 90 L4 90 Z" fill="#1a1a1a" />
          <rect x="45" y="34" width="10" height="32" rx="3" fill="#ffc940" />
          <circle cx="50" cy="77" r="6" fill="#ffc940" />
        </>
      )}
      {outcome === 'invalid' && (
        <>
          <path d="M31 4 H69 L96 31 V69 L69 96 H31 L4 69 V31 Z" fill="#fff" />
          <path d="M33 33 L67 67 M67 33 L33 67" stroke="#9b1116" strokeWidth="11" strokeLinecap="round" />
        </>
      )}
      {outcome === 'unverifiable' && (
        <>
          <rect x="6" y="6" width="88" height="88" rx="6" fill="#fff" />
          <path
            d="M36 38 a14 14 0 1 1 20 12 c-4 2 -6 5 -6 10 v3"
            fill="none"
            stroke="#12355b"
            strokeWidth="9"
            strokeLinecap="round"
          />
          <circle cx="50" cy="77" r="6" fill="#12355b" />
        </>
      )}
    </svg>
  );
}
