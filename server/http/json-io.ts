import type { IncomingMessage, ServerResponse } from 'node:http';

/** A request the server refuses, with the HTTP status and a stable error code. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Reads a JSON body, refusing anything over `limit` bytes before it is all in memory. */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limit)
    throw new HttpError(413, 'body_too_large', `the body is over ${limit} bytes`);
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\b/.test(type)) throw new HttpError(415, 'unsupported_media_type', 'send application/json');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new HttpError(413, 'body_too_large', `the body is over ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'malformed_json', 'the body is not JSON');
  }
}

export interface Reply {
  readonly status: number;
  readonly body?: unknown;
  /** A raw text body (JWS), sent as application/jwt. */
  readonly text?: string;
  readonly headers?: Record<string, string>;
}

export function send(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { 'cache-control': 'no-store', ...reply.headers };
  if (reply.text !== undefined) {
    res.writeHead(reply.status, { 'content-type': 'application/jwt', ...headers });
    res.end(reply.text);
  } else if (reply.body !== undefined) {
    const json = JSON.stringify(reply.body);
    res.writeHead(reply.status, { 'content-type': 'application/json', ...headers });
    res.end(json);
  } else {
    res.writeHead(reply.status, headers);
    res.end();
  }
}
