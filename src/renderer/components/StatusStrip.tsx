import type { TerminalStatus } from '../../contract/terminal-api';
import { fill, plural, useT } from '../i18n';
import { formatAge, formatTime } from '../format';

/**
 * The Ready screen's status strip: online state, data age, queue, scanners. Text, not colour.
 * A keyboard-wedge scanner is no USB device the terminal can list; it is known by its reads.
 */
export function StatusStrip({ status, wedgeSeenAt }: { status: TerminalStatus; wedgeSeenAt: number | null }) {
  const t = useT();
  const online = status.sync.online;
  const usb = status.devices.filter((d) => d.kind !== 'nfc' && d.state === 'connected').length;
  const issued = status.data.statusLists.reduce((m, l) => Math.max(m, l.issuedAt), status.data.trustListIssuedAt ?? 0);
  return (
    <ul className="status-strip" aria-label={t.ui.status}>
      <li className={`pill pill-${online}`}>
        <span aria-hidden="true">{online === 'online' ? '●' : online === 'offline' ? '○' : '◌'}</span>{' '}
        {online === 'online' ? t.ui.online : online === 'offline' ? t.ui.offline : t.ui.syncUnknown}
      </li>
      {status.storage === 'full' && (
        <li className="pill pill-alert">
          <span aria-hidden="true">⚠ </span>
          {t.errors.storage_full}
        </li>
      )}
      {issued > 0 && <li className="pill">{fill(t.ui.dataAge, { age: formatAge(issued, t.lang) })}</li>}
      {status.sync.queueDepth > 0 && <li className="pill">{plural(t.lang, t.ui.queue, status.sync.queueDepth)}</li>}
      {usb > 0 && <li className="pill">{plural(t.lang, t.ui.usbScanners, usb)}</li>}
      {wedgeSeenAt !== null && (
        <li className="pill">{fill(t.ui.keyboardScannerSeen, { time: formatTime(wedgeSeenAt, t.lang) })}</li>
      )}
    </ul>
  );
}
