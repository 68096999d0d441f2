import { useState } from 'react';
import type { ConsoleKeys } from '../../contract/console-api';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { Loaded } from '../components/Loaded';
import { Notice } from '../components/Notice';
import { PageHeading } from '../components/PageHeading';
import { dateTime } from '../format';
import { useResource } from '../hooks/useResource';
import { useT } from '../i18n';
import { useSession } from '../session';

function KeysView({ keys }: { keys: ConsoleKeys }) {
  const t = useT();
  const k = t.keys;
  const c = k.columns;
  return (
    <>
      <section aria-labelledby="issuer-keys">
        <h2 id="issuer-keys">{k.issuerHeading}</h2>
        <div className="table-wrap" tabIndex={0} role="region" aria-label={k.caption}>
          <table>
            <caption className="sr-only">{k.caption}</caption>
            <thead>
              <tr>
                <th scope="col">{c.kid}</th>
                <th scope="col">{c.alg}</th>
                <th scope="col">{c.notBefore}</th>
                <th scope="col">{c.notAfter}</th>
                <th scope="col">{c.current}</th>
              </tr>
            </thead>
            <tbody>
              {keys.issuerKeys.map((key) => (
                <tr key={key.kid}>
                  <th scope="row">
                    <code>{key.kid}</code>
                  </th>
                  <td>{key.alg}</td>
                  <td>{dateTime(t, key.notBefore)}</td>
                  <td>{key.notAfter === null ? k.open : dateTime(t, key.notAfter)}</td>
                  <td className={key.current ? 'strong' : undefined}>
                    {key.current ? <span aria-hidden="true">★ </span> : null}
                    {key.current ? k.current : k.notCurrent}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section aria-labelledby="trust-list">
        <h2 id="trust-list">{k.trustHeading}</h2>
        {keys.trustList === null ? (
          <p>{k.noTrustList}</p>
        ) : (
          <dl className="facts">
            <dt>{k.trustSeq}</dt>
            <dd>{keys.trustList.seq}</dd>
            <dt>{k.trustIssued}</dt>
            <dd>{dateTime(t, keys.trustList.issuedAt)}</dd>
            <dt>{k.trustExpires}</dt>
            <dd>{dateTime(t, keys.trustList.expiresAt)}</dd>
          </dl>
        )}
        <dl className="facts">
          <dt>{k.anchor}</dt>
          <dd>
            <code className="thumbprint">{keys.anchorThumbprint}</code>
          </dd>
        </dl>
      </section>
    </>
  );
}

/** The issuer keys and their windows, the trust list, the anchor; a council admin may rotate the key. */
export function KeysPage() {
  const t = useT();
  const { api, abilities } = useSession();
  const { resource, reload } = useResource(() => api.keys(), 'keys');
  const [rotating, setRotating] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  return (
    <>
      <PageHeading>{t.keys.title}</PageHeading>
      <p>{t.keys.intro}</p>
      <Notice message={notice} />
      {abilities.rotateKeys ? (
        <p>
          <button type="button" className="danger" onClick={() => setRotating(true)}>
            {t.keys.rotate}
          </button>
        </p>
      ) : null}
      <Loaded resource={resource} reload={reload}>
        {(keys) => <KeysView keys={keys} />}
      </Loaded>
      {rotating ? (
        <ConfirmDialog
          title={t.keys.rotateTitle}
          body={t.keys.rotateBody}
          confirmLabel={t.keys.rotate}
          withReason={false}
          onConfirm={() => api.rotateKeys()}
          onClose={(done) => {
            setRotating(false);
            if (!done) return;
            setNotice(t.keys.rotated);
            reload();
          }}
        />
      ) : null}
    </>
  );
}
