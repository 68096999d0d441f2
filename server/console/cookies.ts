/** The console's session cookie (issue 13): HttpOnly, SameSite=Strict, Path=/console, Secure over TLS. */
export const SESSION_COOKIE = 'civicpass_console';
/** A token is 32 random bytes in base64url: anything else in the cookie is not one of ours. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** The session token the request carries, or null (none, malformed, or more than one). */
export function sessionToken(header: string | undefined): string | null {
  if (!header) return null;
  const values = header
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part.startsWith(`${SESSION_COOKIE}=`))
    .map((part) => part.slice(SESSION_COOKIE.length + 1));
  // Two cookies of this name (one planted for a parent path) are ambiguous: trust neither.
  if (values.length !== 1) return null;
  return TOKEN.test(values[0]!) ? values[0]! : null;
}

export function sessionCookie(token: string, options: { secure: boolean; maxAge: number }): string {
  return [
    `${SESSION_COOKIE}=${token}`,
    'Path=/console',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${Math.floor(options.maxAge)}`,
    ...(options.secure ? ['Secure'] : []),
  ].join('; ');
}

export function clearedSessionCookie(secure: boolean): string {
  return sessionCookie('', { secure, maxAge: 0 });
}
