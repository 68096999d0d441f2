import { useCallback, useEffect, useMemo, useState, type MouseEvent } from 'react';
import type { SessionInfo } from '../contract/console-api';
import { ConsoleApiError, createClient, type ConsoleClient } from './api/client';
import { consoleApi } from './api/endpoints';
import { Header } from './components/Header';
import { ProblemMessage } from './components/ProblemMessage';
import { useT } from './i18n';
import { PageView } from './pages/PageView';
import { SignInPage } from './pages/SignInPage';
import { abilitiesOf } from './roles';
import { parseRoute, type Route } from './route';
import { SessionContext, type ConsoleSession } from './session';

type Start =
  | { readonly state: 'checking' }
  | { readonly state: 'signedOut'; readonly ended: boolean }
  | { readonly state: 'signedIn'; readonly user: SessionInfo }
  | { readonly state: 'failed'; readonly error: unknown };

function useRoute(): Route {
  const [hash, setHash] = useState(() => location.hash);
  useEffect(() => {
    const onChange = (): void => setHash(location.hash);
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return useMemo(() => parseRoute(hash), [hash]);
}

/**
 * The console: asks the server whether this browser has a session, then shows the sign-in page
 * or the signed-in console. Any 401 later (idle or absolute timeout) returns to sign-in and says why.
 */
export function App({ client: given }: { client?: ConsoleClient }) {
  const t = useT();
  // One client for the page's life: it holds the session's CSRF token.
  const [client] = useState(() => given ?? createClient());
  const api = useMemo(() => consoleApi(client), [client]);
  const [start, setStart] = useState<Start>({ state: 'checking' });
  const route = useRoute();

  const signedIn = useCallback(
    (user: SessionInfo) => {
      client.setCsrf(user.csrf);
      setStart({ state: 'signedIn', user });
    },
    [client],
  );

  useEffect(() => {
    let live = true;
    api.session().then(
      (user) => live && signedIn(user),
      (error: unknown) => {
        if (!live) return;
        const lost = error instanceof ConsoleApiError && error.status === 401;
        setStart(lost ? { state: 'signedOut', ended: false } : { state: 'failed', error });
      },
    );
    return () => {
      live = false;
    };
  }, [api, signedIn]);

  useEffect(() => client.onSignedOut(() => setStart({ state: 'signedOut', ended: true })), [client]);

  const session = useMemo<ConsoleSession | null>(
    () =>
      start.state === 'signedIn'
        ? { user: start.user, abilities: abilitiesOf(start.user.role), api, now: () => Date.now() / 1000 }
        : null,
    [start, api],
  );

  if (start.state === 'checking')
    return (
      <main id="main" className="centred">
        <p role="status">{t.loading}</p>
      </main>
    );
  if (start.state === 'failed')
    return (
      <main id="main" className="centred">
        <h1>{t.appName}</h1>
        <ProblemMessage error={start.error}>
          <button type="button" className="secondary" onClick={() => location.reload()}>
            {t.reload}
          </button>
        </ProblemMessage>
      </main>
    );
  if (start.state === 'signedOut' || session === null)
    return <SignInPage api={api} ended={start.state === 'signedOut' && start.ended} onSignedIn={signedIn} />;

  return (
    <SessionContext.Provider value={session}>
      <a className="skip-link" href="#main" onClick={skipToMain}>
        {t.skipToContent}
      </a>
      <Header route={route} onSignedOut={() => setStart({ state: 'signedOut', ended: false })} />
      <main id="main" tabIndex={-1}>
        <PageView route={route} />
      </main>
    </SessionContext.Provider>
  );
}

/** The skip link moves focus without touching the hash, which holds the route. */
function skipToMain(e: MouseEvent<HTMLAnchorElement>): void {
  e.preventDefault();
  document.getElementById('main')?.focus();
}
