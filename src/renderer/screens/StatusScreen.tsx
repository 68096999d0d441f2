import { useState } from 'react';
import type { DeviceState, SyncProblem, TerminalApi, TerminalStatus } from '../../contract/terminal-api';
import { PinGate } from '../components/PinGate';
import { asTerminalError } from '../api/terminal-error';
import { fill, plural, refusalText, useT, type Catalogue } from '../i18n';
import { formatAge, formatTime } from '../format';

/** A sync problem in plain words, with the technical detail underneath for support. */
function ProblemText({ problem, t }: { problem: SyncProblem; t: Catalogue }) {
  return (
    <div className="card sync-problem" role="status">
      <p>{t.syncProblems[problem.code]}</p>
      <details>
        <summary>{t.ui.detailForSupport}</summary>
        <code>{problem.detail}</code>
      </details>
    </div>
  );
}

function devicesText(devices: readonly DeviceState[], wedgeSeenAt: number | null, t: Catalogue): string {
  const parts = devices.map((d) => `${d.name}: ${t.deviceStates[d.state]}`);
  if (wedgeSeenAt !== null) parts.push(fill(t.ui.keyboardScannerSeen, { time: formatTime(wedgeSeenAt, t.lang) }));
  if (!devices.some((d) => d.kind !== 'nfc')) parts.push(t.ui.noUsbScanners);
  return parts.join('; ');
}

/** Trust data ages, sync, queue, clock, devices; "Sync now" behind the staff PIN, asked in place. */
export function StatusScreen({
  api,
  status,
  wedgeSeenAt,
}: {
  api: TerminalApi;
  status: TerminalStatus;
  wedgeSeenAt: number | null;
}) {
  const t = useT();
  const [result, setResult] = useState<{ problem: SyncProblem | null; at: number | null } | null>(null);
  const [askPin, setAskPin] = useState<'sync' | 'clock' | null>(null);
  /** What the terminal refused when staff pressed a button here, in words. */
  const [refusal, setRefusal] = useState<string | null>(null);
  const f = (x: 'fresh' | 'stale' | 'unusable' | 'missing'): string => t.ui[x];
  const syncNow = async (): Promise<void> => {
    try {
      setRefusal(null);
      const s = await api.syncNow();
      setAskPin(null);
      setResult({ problem: s.problem, at: s.lastSuccessAt });
    } catch (e) {
      if (asTerminalError(e).code === 'locked') setAskPin('sync');
      else setRefusal(refusalText(t, e));
    }
  };
  const resetClock = async (): Promise<void> => {
    try {
      setRefusal(null);
      await api.resetTrustedClock();
      setAskPin(null);
    } catch (e) {
      if (asTerminalError(e).code === 'locked') setAskPin('clock');
      else setRefusal(refusalText(t, e));
    }
  };
  const problem = result?.problem ?? status.sync.problem;
  const skew = status.clock.serverSkew;
  return (
    <section className="status-screen" aria-labelledby="status-title">
      <h1 id="status-title">{t.ui.status}</h1>
      {status.storage === 'full' && (
        <p className="card warning" role="alert">
          {t.syncProblems.storage_full}
        </p>
      )}
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
        {status.sync.setAside > 0 && (
          <div>
            <dt>{t.ui.setAsideLabel}</dt>
            <dd>{plural(t.lang, t.ui.setAside, status.sync.setAside)}</dd>
          </div>
        )}
        <div>
          <dt>{t.ui.clock}</dt>
          <dd>
            {status.clock.behind
              ? t.ui.clockBehind
              : skew !== null && status.clock.suspect
                ? fill(t.ui.clockServerSkew, { minutes: Math.round(Math.abs(skew) / 60) }, t.lang)
                : t.ui.clockOk}
            {status.clock.behind && askPin === null && (
              <button type="button" className="secondary" onClick={() => void resetClock()}>
                {t.ui.resetTrustedClock}
              </button>
            )}
          </dd>
        </div>
        <div>
          <dt>{t.ui.devices}</dt>
          <dd>{devicesText(status.devices, wedgeSeenAt, t)}</dd>
        </div>
        {status.library.configured && (
          <div data-library-link={status.library.state}>
            <dt>{t.library.linkTitle}</dt>
            <dd>{libraryText(status.library, t)}</dd>
          </div>
        )}
      </dl>
      {problem && <ProblemText problem={problem} t={t} />}
      {askPin ? (
        <PinGate
          api={api}
          reason={askPin === 'sync' ? t.ui.pinForSync : t.ui.pinForClock}
          onUnlocked={() => void (askPin === 'sync' ? syncNow() : resetClock())}
          onCancel={() => setAskPin(null)}
        />
      ) : (
        <button type="button" className="primary" onClick={() => void syncNow()}>
          {t.ui.syncNow}
        </button>
      )}
      <p role="status">
        {refusal ??
          (result && !result.problem && result.at !== null
            ? fill(t.ui.syncedAt, { time: formatTime(result.at, t.lang) })
            : '')}
      </p>
    </section>
  );
}

/** The library system link in words: answering, not reachable (why, since when), or not asked yet. */
function libraryText(l: TerminalStatus['library'], t: Catalogue): string {
  const w = t.library;
  if (!l.passwordSet) return w.noPassword;
  if (l.state === 'up') return `${w.linkUp}${l.since !== null ? ` (${formatAge(l.since, t.lang)})` : ''}`;
  if (l.state === 'down')
    return `${w.linkDown}: ${l.problem ? w.problems[l.problem] : ''}${l.since !== null ? ` (${formatAge(l.since, t.lang)})` : ''}`;
  return w.linkUnknown;
}
