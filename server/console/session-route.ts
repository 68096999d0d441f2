/** POST /console/api/session: signing in, and the session's description the page works from. */
import type { SessionInfo } from '../../src/contract/console-api';
import { object, str } from '../../src/contract/validate';
import { DEMO_ISSUER } from '../admin/demo-setup';
import { MAX_PASSWORD_LENGTH } from './passwords';
import { ConsoleHttpError, type ConsoleReply } from './console-http';
import type { ConsoleDeps } from './context';
import { sessionCookie } from './cookies';
import { ABSOLUTE_SECONDS, IDLE_SECONDS, type ActiveSession, type ConsoleSessions } from './sessions';
import { SignIn } from './sign-in';

const signInBody = object({
  email: str({ min: 1, max: 254 }),
  password: str({ min: 1, max: MAX_PASSWORD_LENGTH }),
});

/** The page's description of the session; `demo` when the deployment is the demo one. */
export function sessionInfo({ session, user }: ActiveSession, deps: ConsoleDeps): SessionInfo {
  return {
    demo: deps.deployment.info.issuer === DEMO_ISSUER,
    email: user.email,
    role: user.role,
    venueId: user.venueId,
    csrf: session.csrf,
    expiresAt: session.expiresAt,
    idleSeconds: IDLE_SECONDS,
  };
}

export async function signInRoute(
  deps: ConsoleDeps,
  sessions: ConsoleSessions,
  body: unknown,
  now: number,
  secure: boolean,
  previousToken: string | null,
): Promise<ConsoleReply> {
  const { email, password } = signInBody(body, 'body');
  const { user, outcome } = await new SignIn(deps.storage).attempt(email, password, now);
  // The email, never the password; the outcome for the operator, not for the client.
  deps.log.info({ event: 'console_sign_in', email: email.trim().toLowerCase(), outcome }, 'console sign-in');
  if (!user) throw new ConsoleHttpError(401, 'sign_in_failed', 'the email or password is not right');
  const active = await sessions.start(user, now, previousToken);
  return {
    status: 200,
    body: sessionInfo(active, deps),
    headers: { 'set-cookie': sessionCookie(active.token, { secure, maxAge: ABSOLUTE_SECONDS }) },
  };
}
