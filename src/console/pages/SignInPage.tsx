import { useEffect, useState, type FormEvent } from 'react';
import type { SessionInfo } from '../../contract/console-api';
import { ConsoleApiError } from '../api/client';
import type { ConsoleApi } from '../api/endpoints';
import { BusyButton } from '../components/BusyButton';
import { TextField } from '../components/Field';
import { ProblemMessage } from '../components/ProblemMessage';
import { fill, useT } from '../i18n';
import { useAction } from '../hooks/useAction';

interface Problems {
  readonly email: string | null;
  readonly password: string | null;
}

/**
 * Email and password. A refused sign-in gets one message whatever the reason (unknown email,
 * wrong password, locked account), as the server answers one way for all of them.
 */
export function SignInPage({
  api,
  ended,
  onSignedIn,
}: {
  api: ConsoleApi;
  ended: boolean;
  onSignedIn: (user: SessionInfo) => void;
}) {
  const t = useT();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [problems, setProblems] = useState<Problems>({ email: null, password: null });
  const action = useAction((body: { email: string; password: string }) => api.signIn(body));

  useEffect(() => {
    document.title = fill(t.pageTitle, { page: t.signIn.title });
  }, [t]);

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const next: Problems = {
      email:
        email.trim() === ''
          ? t.signIn.emailMissing
          : !/^[^\s@]+@[^\s@]+$/.test(email.trim())
            ? t.signIn.emailInvalid
            : null,
      password: password === '' ? t.signIn.passwordMissing : null,
    };
    setProblems(next);
    if (next.email || next.password) {
      document.getElementById(next.email ? 'sign-in-email' : 'sign-in-password')?.focus();
      return;
    }
    const outcome = await action.run({ email: email.trim(), password });
    if (outcome.ok) onSignedIn(outcome.value);
    else setPassword('');
  };

  const failed = action.error instanceof ConsoleApiError && action.error.code === 'sign_in_failed';
  return (
    <main id="main" className="sign-in">
      <p className="brand">{t.appName}</p>
      <h1>{t.signIn.title}</h1>
      <p>{t.signIn.intro}</p>
      {ended && !action.error ? (
        <p className="info" role="status">
          {t.signIn.ended}
        </p>
      ) : null}
      {failed ? (
        <div className="problem" role="alert">
          <span className="problem-icon" aria-hidden="true">
            !
          </span>
          <div>
            <p className="problem-words">{t.signIn.failed}</p>
            <p>{t.signIn.failedNext}</p>
          </div>
        </div>
      ) : action.error ? (
        <ProblemMessage error={action.error} />
      ) : null}
      <form onSubmit={(e) => void submit(e)} noValidate>
        <TextField
          id="sign-in-email"
          label={t.signIn.email}
          type="email"
          autoComplete="username"
          spellCheck={false}
          value={email}
          onChange={setEmail}
          error={problems.email}
        />
        <TextField
          id="sign-in-password"
          label={t.signIn.password}
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={setPassword}
          error={problems.password}
        />
        <BusyButton type="submit" busy={action.busy} busyLabel={t.signIn.submitting}>
          {t.signIn.submit}
        </BusyButton>
      </form>
    </main>
  );
}
