/**
 * HTTP for the sync client: timeouts on every request, a fresh device token per request, the
 * server's `Date` read on every answer, and errors sorted into retryable and final.
 */
export class SyncNetworkError extends Error {
  readonly retryable = true;
}

export class SyncHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Seconds to wait, from Retry-After (429/503). */
    readonly retryAfter: number | null,
  ) {
    super(message);
  }

  get retryable(): boolean {
    return this.status === 429 || this.status >= 500;
  }
}

export interface SyncResponse {
  readonly status: number;
  readonly etag: string | null;
  /** The server's clock from the Date header, in seconds. */
  readonly serverTime: number | null;
  readonly text: string;
}

export interface SyncHttpOptions {
  readonly baseUrl: string;
  /** A fresh device token, dated by the server's clock as last seen (`skew`). */
  readonly token: () => Promise<string>;
  readonly timeoutMs: number;
  /** The server's clock from every answer's `Date`, refused ones included. */
  readonly onServerTime?: (serverTime: number) => void;
  /** How far the server's clock is from ours, as last seen (seconds). */
  readonly skew?: () => number;
}

/** A token dated this far from the server's clock may be refused; learning the skew, retry once. */
const SKEW_RETRY_SECONDS = 30;

function parseRetryAfter(value: string | null): number | null {
  if (value === null) return null;
  if (/^\d+$/.test(value.trim())) return Number(value);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, (at - Date.now()) / 1000);
}

export class SyncHttp {
  constructor(private readonly options: SyncHttpOptions) {}

  /**
   * One request. A 401 that taught us the server's clock is far from ours (so our token was
   * dated wrongly for it) is retried once at once, with a token dated by the server's clock.
   */
  async request(
    method: 'GET' | 'POST',
    path: string,
    init: { body?: unknown; etag?: string | null; auth?: boolean } = {},
  ): Promise<SyncResponse> {
    const skewBefore = this.options.skew?.() ?? 0;
    try {
      return await this.attempt(method, path, init);
    } catch (e) {
      const skewAfter = this.options.skew?.() ?? 0;
      if (e instanceof SyncHttpError && e.status === 401 && Math.abs(skewAfter - skewBefore) > SKEW_RETRY_SECONDS)
        return this.attempt(method, path, init);
      throw e;
    }
  }

  private async attempt(
    method: 'GET' | 'POST',
    path: string,
    init: { body?: unknown; etag?: string | null; auth?: boolean },
  ): Promise<SyncResponse> {
    const headers: Record<string, string> = { accept: 'application/json, application/jwt' };
    if (init.auth !== false) headers['authorization'] = `Bearer ${await this.options.token()}`;
    if (init.etag) headers['if-none-match'] = init.etag;
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    let text: string;
    try {
      response = await fetch(new URL(path, this.options.baseUrl), {
        method,
        headers,
        ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      // The body is read under the same timeout: a connection cut mid-answer is a network error.
      text = await response.text();
    } catch (e) {
      const cause =
        (e as Error).name === 'TimeoutError' ? `no answer within ${this.options.timeoutMs} ms` : (e as Error).message;
      throw new SyncNetworkError(`${method} ${path}: ${cause}`);
    }
    const date = response.headers.get('date');
    const serverTime = date ? Date.parse(date) / 1000 : null;
    if (serverTime !== null && Number.isFinite(serverTime)) this.options.onServerTime?.(serverTime);
    if (response.status >= 400) {
      let code = 'http_error';
      let message = `${method} ${path}: HTTP ${response.status}`;
      try {
        const body = JSON.parse(text) as { error?: string; message?: string };
        code = body.error ?? code;
        if (body.message) message = `${message}: ${body.message}`;
      } catch {
        // Not JSON (a proxy's error page): the status says enough.
      }
      throw new SyncHttpError(response.status, code, message, parseRetryAfter(response.headers.get('retry-after')));
    }
    return {
      status: response.status,
      etag: response.headers.get('etag'),
      serverTime: serverTime !== null && Number.isFinite(serverTime) ? serverTime : null,
      text,
    };
  }
}
