/**
 * The console's answers: JSON (and CSV and static files), every one with the console's security
 * headers, errors in the contract's `{ error, message, field? }` shape.
 */
import type { ServerResponse } from 'node:http';
import type { ConsoleErrorCode } from '../../src/contract/console-api';

/** A refusal in the contract's vocabulary, with its HTTP status. */
export class ConsoleHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ConsoleErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export const invalid = (message: string, field?: string): ConsoleHttpError =>
  new ConsoleHttpError(400, 'invalid', message, field);
export const forbidden = (message = 'your role may not do this'): ConsoleHttpError =>
  new ConsoleHttpError(403, 'forbidden', message);
export const notFound = (message: string): ConsoleHttpError => new ConsoleHttpError(404, 'not_found', message);
export const conflict = (message: string): ConsoleHttpError => new ConsoleHttpError(409, 'conflict', message);

export interface ConsoleReply {
  readonly status: number;
  /** JSON, unless `raw` is given. */
  readonly body?: unknown;
  readonly raw?: { readonly bytes: Buffer | string; readonly type: string };
  readonly headers?: Record<string, string>;
}

/**
 * The page is one origin's scripts and styles only: no inline script, no framing, no plugins.
 * `img-src data:` lets the page show an SVG as an image; style attributes set from script (React's
 * `style`) go through the CSSOM, which `style-src 'self'` allows.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

export function errorReply(e: ConsoleHttpError): ConsoleReply {
  return {
    status: e.status,
    body: { error: e.code, message: e.message, ...(e.field !== undefined ? { field: e.field } : {}) },
  };
}

export function writeReply(res: ServerResponse, reply: ConsoleReply, extra: Record<string, string>): void {
  const headers: Record<string, string> = { ...SECURITY_HEADERS, ...extra, ...reply.headers };
  if (reply.raw) {
    res.writeHead(reply.status, { 'content-type': reply.raw.type, ...headers });
    res.end(reply.raw.bytes);
  } else if (reply.body !== undefined) {
    res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify(reply.body));
  } else {
    res.writeHead(reply.status, headers);
    res.end();
  }
}
