import type { Outcome } from '../../core/reasons';
import type { ScanHistoryEntry } from '../../contract/terminal-api';
import { useT } from '../i18n';

const ORDER: Outcome[] = ['valid', 'limited', 'invalid', 'unverifiable'];

/**
 * Scans per hour by outcome: stacked bars with a pattern per outcome (not colour alone), and the
 * same numbers in a table for screen readers.
 */
export function HourChart({ scans }: { scans: readonly ScanHistoryEntry[] }) {
  const t = useT();
  const byHour = new Map<number, Record<Outcome, number>>();
  for (const s of scans) {
    const hour = Number(
      new Intl.DateTimeFormat('en-GB', { hour: 'numeric', hourCycle: 'h23', timeZone: 'Europe/London' }).format(
        s.at * 1000,
      ),
    );
    const row = byHour.get(hour) ?? { valid: 0, limited: 0, invalid: 0, unverifiable: 0 };
    row[s.outcome]++;
    byHour.set(hour, row);
  }
  const hours = [...byHour.keys()].sort((a, b) => a - b);
  const max = Math.max(1, ...[...byHour.values()].map((r) => ORDER.reduce((n, o) => n + r[o], 0)));
  const width = Math.max(1, hours.length) * 48;
  return (
    <figure className="hour-chart">
      <figcaption>{t.ui.scansPerHour}</figcaption>
      <svg viewBox={`0 0 ${width} 180`} role="img" aria-label={t.ui.scansPerHour} preserveAspectRatio="xMinYMin meet">
        <defs>
          <pattern id="p-limited" width="8" height="8" patternUnits="userSpaceOnUse">
            <rect width="8" height="8" fill="#ffc940" />
            <path d="M0 8 L8 0" stroke="#1a1a1a" strokeWidth="1.5" />
          </pattern>
          <pattern id="p-invalid" width="8" height="8" patternUnits="userSpaceOnUse">
            <rect width="8" height="8" fill="#9b1116" />
            <path d="M0 0 L8 8 M8 0 L0 8" stroke="#fff" strokeWidth="1.5" />
          </pattern>
          <pattern id="p-unverifiable" width="8" height="8" patternUnits="userSpaceOnUse">
            <rect width="8" height="8" fill="#12355b" />
            <circle cx="4" cy="4" r="1.6" fill="#fff" />
          </pattern>
        </defs>
        {hours.map((h, i) => {
          let y = 160;
          return (
            <g key={h}>
              {ORDER.map((o) => {
                const hgt = (byHour.get(h)![o] / max) * 150;
                y -= hgt;
                return hgt > 0 ? (
                  <rect
                    key={o}
                    x={i * 48 + 8}
                    y={y}
                    width={32}
                    height={hgt}
                    fill={o === 'valid' ? '#52c872' : `url(#p-${o})`}
                    stroke="#000"
                    strokeWidth="0.5"
                  />
                ) : null;
              })}
              <text x={i * 48 + 24} y={176} textAnchor="middle" fontSize="14">
                {String(h).padStart(2, '0')}
              </text>
            </g>
          );
        })}
      </svg>
      <ul className="legend">
        {ORDER.map((o) => (
          <li key={o}>
            <span className={`swatch swatch-${o}`} aria-hidden="true" /> {t.headlines[o]}
          </li>
        ))}
      </ul>
      <table className="sr-only">
        <caption>{t.ui.scansPerHour}</caption>
        <thead>
          <tr>
            <th scope="col">{t.ui.time}</th>
            {ORDER.map((o) => (
              <th scope="col" key={o}>
                {t.headlines[o]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {hours.map((h) => (
            <tr key={h}>
              <th scope="row">{String(h).padStart(2, '0')}:00</th>
              {ORDER.map((o) => (
                <td key={o}>{byHour.get(h)![o]}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
