import type { TerminalStatus } from '../../contract/terminal-api';
import { fill, useT } from '../i18n';
import { formatAge } from '../format';

/** The Ready screen's status strip: online state, data age, queue, scanners. Text, not colour. */
export function StatusStrip({ status }: { status: TerminalStatus }) {
  const t = useT();
  const online = status.sync.online;
  const connected = status.devices.filter((d) => d.state === 'connected').length;
  const issued = status.data.statusLists.reduce((m, l) => Math.max(m, l.issuedAt), status.data.trustListIssuedAt ?? 0);
  return (
    <ul className="status-strip" aria-label={t.ui.status}>
      <li className={`pill pill-${online}`}>
        <span aria-hidden="true">{online === 'online' ? '●' : online === 'offline' ? '○' : '◌'}</span>{' '}
        {online === 'online' ? t.ui.online : online === 'offline' ? t.ui.offline : t.ui.syncUnknown}
      </li>
      {issued > 0 && <li className="pill">{fill(t.ui.dataAge, { age: formatAge(issued, t.lang) })}</li>}
      {status.sync.queueDepth > 0 && <li className="pill">{fill(t.ui.queue, { count: status.sync.queueDepth })}</li>}
      <li className="pill">{connected > 0 ? fill(t.ui.scannersConnected, { count: connected }) : t.ui.noScanners}</li>
    </ul>
  );
}
