/**
 * The console's one way to the server: JSON over fetch to `/console/api/`. The session cookie is
 * HttpOnly, so the page never sees it; what the page holds is the CSRF token from the session
 * answer, sent with every change. A 401 on anything but the sign-in itself means the session is
 * gone (expired, idle, signed out elsewhere): the client says so once and the app goes back to
 * the sign-in page.
 */
import { CONSOLE_ERRORS, type ConsoleErrorCode } from '../../contract/console-api';

export const API_BASE = '/console/api/';

/** What went wrong, by code: the server's vocabulary, or `network` when it did not answer at all. */
export type ProblemCode = ConsoleErrorCode | 'network' | 'unexpected';

export class ConsoleApiError extends Error {
  constructor(
    readonly code: ProblemCode,
    readonly status: number,
    message: string,
    /** The refused field of an `invalid` answer. */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ConsoleApiError';
  }
}

export type ChangeMethod = 'POST' | 'PUT' | 'DELETE';

export interface ConsoleClient {
  get<T>(path: string): Promise<T>;
  change<T>(method: ChangeMethod, path: string, body?: unknown): Promise<T>;
  setCsrf(token: string | null): void;
  /** Called on a 401 outside sign-in; returns a function that stops listening. */
  onSignedOut(listener: () => void): () => void;
}

function isErrorCode(v: unknown): v is ConsoleErrorCode {
  return typeof v === 'string' && (CONSOLE_ERRORS as readonly string[]).includes(v);
}

async function problemOf(res: Response): Promise<ConsoleApiError> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // A proxy's HTML page, or nothing: the status alone says what happened.
  }
  const b = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const code: ProblemCode = isErrorCode(b['error']) ? b['error'] : fallbackCode(res.status);
  const message = typeof b['message'] === 'string' ? b['message'] : `HTTP ${res.status}`;
  const field = typeof b['field'] === 'string' ? b['field'] : undefined;
  return new ConsoleApiError(code, res.status, message, field);
}

function fallbackCode(status: number): ProblemCode {
  if (status === 400) return 'invalid';
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status >= 500) return 'internal';
  return 'unexpected';
}

export function createClient(fetcher: typeof fetch = (input, init) => fetch(input, init)): ConsoleClient {
  let csrf: string | null = null;
  const listeners = new Set<() => void>();

  const request = async <T>(method: 'GET' | ChangeMethod, path: string, body?: unknown): Promise<T> => {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET' && csrf !== null) headers['x-csrf-token'] = csrf;
    let res: Response;
    try {
      res = await fetcher(API_BASE + path, {
        method,
        headers,
        credentials: 'same-origin',
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch {
      throw new ConsoleApiError('network', 0, 'no answer');
    }
    if (!res.ok) {
      const problem = await problemOf(res);
      // A failed sign-in is an answer to show on the sign-in page, not a lost session.
      if (res.status === 401 && problem.code !== 'sign_in_failed') {
        csrf = null;
        for (const l of listeners) l();
      }
      throw problem;
    }
    if (res.status === 204) return undefined as T;
    try {
      return (await res.json()) as T;
    } catch {
      throw new ConsoleApiError('unexpected', res.status, 'not JSON');
    }
  };

  return {
    get: (path) => request('GET', path),
    change: (method, path, body) => request(method, path, body),
    setCsrf: (token) => void (csrf = token),
    onSignedOut: (listener) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}
