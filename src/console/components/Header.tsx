import { useT } from '../i18n';
import { useAction } from '../hooks/useAction';
import { pagesFor } from '../roles';
import { href, type Route } from '../route';
import { useSession } from '../session';
import { BusyButton } from './BusyButton';
import { ProblemMessage } from './ProblemMessage';

/** Who is signed in and as what, the pages their role may use, and "Sign out". */
export function Header({ route, onSignedOut }: { route: Route; onSignedOut: () => void }) {
  const t = useT();
  const { user, api } = useSession();
  const signOut = useAction(async () => {
    await api.signOut();
    onSignedOut();
  });
  return (
    <header className="header">
      <div className="header-top">
        <p className="brand">{t.appName}</p>
        <div className="who">
          <p>
            <span className="who-email">{user.email}</span>
            <span className="who-role">{t.roles[user.role]}</span>
          </p>
          <BusyButton
            type="button"
            variant="secondary"
            busy={signOut.busy}
            busyLabel={t.header.signingOut}
            onClick={() => void signOut.run()}
          >
            {t.header.signOut}
          </BusyButton>
        </div>
      </div>
      {signOut.error ? <ProblemMessage error={signOut.error} /> : null}
      <nav aria-label={t.nav.label}>
        <ul>
          {pagesFor(user.role).map((page) => (
            <li key={page}>
              <a href={href(page)} aria-current={route.page === page ? 'page' : undefined}>
                {t.nav[page]}
              </a>
            </li>
          ))}
        </ul>
      </nav>
    </header>
  );
}
