import { useEffect, useState } from 'react';
import type { Outcome } from '../../core/reasons';
import type { ScanHistoryEntry, TerminalApi } from '../../contract/terminal-api';
import { HourChart } from '../components/HourChart';
import { fill, refusalText, useT } from '../i18n';
import { formatTime } from '../format';

function startOfToday(): number {
  const now = new Date();
  return new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime() / 1000;
}

/** Today's scans on this terminal: time, outcome, reason, service. No personal data. */
export function HistoryScreen({ api, refreshKey }: { api: TerminalApi; refreshKey: number }) {
  const t = useT();
  const [scans, setScans] = useState<ScanHistoryEntry[]>([]);
  const [filter, setFilter] = useState<Outcome | 'all'>('all');
  /** The history could not be read: say so, rather than "no scans today". */
  const [failed, setFailed] = useState<unknown>(null);
  useEffect(() => {
    api.recentScans({ since: startOfToday(), limit: 5000 }).then(
      (found) => {
        setScans(found);
        setFailed(null);
      },
      (e: unknown) => setFailed(e ?? 'failed'),
    );
  }, [api, refreshKey]);
  const shown = filter === 'all' ? scans : scans.filter((s) => s.outcome === filter);
  return (
    <section className="history" aria-labelledby="history-title">
      <h1 id="history-title">{t.ui.scansToday}</h1>
      <div className="history-grid">
        <div>
          <label htmlFor="outcome-filter">{t.ui.outcome}</label>
          <select id="outcome-filter" value={filter} onChange={(e) => setFilter(e.target.value as Outcome | 'all')}>
            <option value="all">{t.ui.all}</option>
            {(['valid', 'limited', 'invalid', 'unverifiable'] as const).map((o) => (
              <option key={o} value={o}>
                {t.headlines[o]}
              </option>
            ))}
          </select>
          {failed !== null ? (
            <p role="alert">{refusalText(t, failed)}</p>
          ) : shown.length === 0 ? (
            <p>{t.ui.noScans}</p>
          ) : (
            <div className="table-scroll" tabIndex={0} role="region" aria-label={t.ui.scansToday}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t.ui.time}</th>
                    <th scope="col">{t.ui.outcome}</th>
                    <th scope="col">{t.ui.reason}</th>
                    <th scope="col">{t.ui.service}</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((s) => (
                    <tr key={s.id} className={`row-${s.outcome}`}>
                      <td>{formatTime(s.at, t.lang)}</td>
                      <td>{t.headlines[s.outcome]}</td>
                      <td>
                        {fill(t.reasons[s.reason].words, {
                          service: s.service ? (t.services[s.service] ?? s.service) : '…',
                        }).replace(/\{\w+\}/g, '…')}
                      </td>
                      <td>{s.service ? (t.services[s.service] ?? s.service) : ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
        <HourChart scans={scans} />
      </div>
    </section>
  );
}
