import { useState } from 'react';
import type { TerminalApi, TerminalStatus } from '../../contract/terminal-api';
import { useT } from '../i18n';
import { formatAge, formatTime } from '../format';

/** Trust data ages, sync, queue, clock, devices; "Sync now" behind the staff PIN. */
export function StatusScreen({
  api,
  status,
  onNeedPin,
}: {
  api: TerminalApi;
  status: TerminalStatus;
  onNeedPin: () => void;
}) {
  const t = useT();
  const [message, setMessage] = useState<string | null>(null);
  const f = (x: 'fresh' | 'stale' | 'unusable' | 'missing'): string => t.ui[x];
  const syncNow = async (): Promise<void> => {
    try {
      const s = await api.syncNow();
      setMessage(
        s.lastError ?? `${t.ui.lastSync}: ${s.lastSuccessAt ? formatTime(s.lastSuccessAt, t.lang) : t.ui.never}`,
      );
    } catch (e) {
      if ((e as { code?: string }).code === 'locked') onNeedPin();
      else setMessage((e as Error).message);
    }
  };
  return (
    <section className="status-screen" aria-labelledby="status-title">
      <h1 id="status-title">{t.ui.status}</h1>
      {!status.usable && (
        <p className="card warning" role="alert">
          {t.unusable[status.unusableReason ?? 'no_trust_list']}
        </p>
      )}
      <dl className="status-list">
        <div>
          <dt>{t.ui.trustList}</dt>
          <dd>
            {status.data.trustListSeq !== null ? `#${status.data.trustListSeq}, ` : ''}
            {f(status.data.trustListFreshness)}
            {status.data.trustListIssuedAt ? ` (${formatAge(status.data.trustListIssuedAt, t.lang)})` : ''}
          </dd>
        </div>
        <div>
          <dt>{t.ui.statusLists}</dt>
          <dd>
            {status.data.statusLists.length === 0
              ? t.ui.missing
              : status.data.statusLists.map((l) => `${f(l.freshness)} (${formatAge(l.issuedAt, t.lang)})`).join('; ')}
          </dd>
        </div>
        <div>
          <dt>{t.ui.lastSync}</dt>
          <dd>{status.sync.lastSuccessAt ? formatAge(status.sync.lastSuccessAt, t.lang) : t.ui.never}</dd>
        </div>
        <div>
          <dt>{t.ui.nextSync}</dt>
          <dd>{status.sync.nextAttemptAt ? formatTime(status.sync.nextAttemptAt, t.lang) : '-'}</dd>
        </div>
        <div>
          <dt>{t.ui.queueLabel}</dt>
          <dd>{status.sync.queueDepth}</dd>
        </div>
        <div>
          <dt>{t.ui.clock}</dt>
          <dd>{status.clock.suspect ? t.ui.clockSuspect : t.ui.clockOk}</dd>
        </div>
        <div>
          <dt>{t.ui.devices}</dt>
          <dd>
            {status.devices.length === 0
              ? t.ui.noScanners
              : status.devices.map((d) => `${d.name}: ${d.state}`).join('; ')}
          </dd>
        </div>
      </dl>
      {status.sync.lastError && <p className="card">{status.sync.lastError}</p>}
      <button type="button" className="primary" onClick={() => void syncNow()}>
        {t.ui.syncNow}
      </button>
      <p role="status">{message}</p>
    </section>
  );
}
