import type { StaffCall } from '../../contract/terminal-api';
import { BellIcon } from './BellIcon';
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
    <section className="staff-calls" aria-label={t.ui.callStaff}>
      {calls.map((c) => (
        <div key={c.id} className="staff-call" role="alert">
          <BellIcon /> {fill(t.ui.staffCallFrom, { terminal: c.from, time: formatTime(c.at, t.lang) })}
          <button type="button" className="secondary" onClick={() => onDismiss(c.id)}>
            {t.ui.dismiss}
          </button>
        </div>
      ))}
    </section>
  );
}
