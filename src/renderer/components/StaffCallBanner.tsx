import type { StaffCall } from '../../contract/terminal-api';
import { fill, useT } from '../i18n';
import { formatTime } from '../format';

/** On staff screens: residents at the venue's kiosks who asked for help, until dismissed. */
export function StaffCallBanner({
  calls,
  onDismiss,
}: {
  calls: readonly StaffCall[];
  onDismiss: (id: string) => void;
}) {
  const t = useT();
  if (calls.length === 0) return null;
  return (
    <ul className="staff-calls" aria-label={t.ui.callStaff}>
      {calls.map((c) => (
        <li key={c.id} role="alert">
          <span aria-hidden="true">🔔 </span>
          {fill(t.ui.staffCallFrom, { terminal: c.from, time: formatTime(c.at, t.lang) })}
          <button type="button" className="secondary" onClick={() => onDismiss(c.id)}>
            {t.ui.dismiss}
          </button>
        </li>
      ))}
    </ul>
  );
}
