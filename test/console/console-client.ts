/**
 * A console client for tests, as the page's fetch calls are made: the session cookie by hand
 * (Node's fetch keeps none), the CSRF token on changes.
 */
import { request as httpsRequest } from 'node:https';

export interface Signed {
  readonly cookie: string;
  readonly csrf: string;
  /** The Set-Cookie header the sign-in answered. */
  readonly setCookie: string;
}

export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly json: unknown;
}

async function answerOf(res: Response): Promise<Answer> {
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    // Not JSON (CSV, HTML, an empty 204): `text` has it.
  }
  return { status: res.status, headers: res.headers, text, json };
}

export async function call(
  base: string,
  method: string,
  path: string,
  options: { session?: Signed | null; csrf?: string | null; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.session) headers['cookie'] = options.session.cookie;
  const csrf = options.csrf === undefined ? options.session?.csrf : options.csrf;
  if (csrf) headers['x-csrf-token'] = csrf;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${base}/console/api${path}`, {
    method,
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  return answerOf(res);
}

export async function signIn(
  base: string,
  email: string,
  password: string,
  headers: Record<string, string> = {},
): Promise<Signed> {
  const res = await call(base, 'POST', '/session', { body: { email, password }, headers });
  if (res.status !== 200) throw new Error(`sign-in as ${email} answered ${res.status}: ${res.text}`);
  const setCookie = res.headers.get('set-cookie') ?? '';
  return { cookie: setCookie.split(';')[0]!, csrf: (res.json as { csrf: string }).csrf, setCookie };
}

/** A request over TLS trusting the test CA (Node's fetch cannot be given a CA per request). */
export function httpsCall(
  url: string,
  ca: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { method: options.method ?? 'GET', headers: options.headers, ca }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}
