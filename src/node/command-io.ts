import type { Readable, Writable } from 'node:stream';

/** A mistake in how the command was called or in a file it was given: exit status 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly code = 'usage',
  ) {
    super(message);
  }
}

export interface CommandIo {
  readonly stdin: Readable;
  readonly stdout: Writable;
  readonly stderr: Writable;
}

export function writeJsonLine(out: Writable, value: unknown): void {
  out.write(JSON.stringify(value) + '\n');
}

/** Diagnostics go to stderr, prefixed so they are easy to grep in a gate's logs. */
export function diagnose(io: CommandIo, message: string): void {
  io.stderr.write(`civicpass: ${message}\n`);
}

/**
 * Lines of a stream without their line ending (LF or CRLF); an empty line is a line, and a last
 * line without a newline counts too. Splits chunks directly: readline's per-line events cost
 * more than the batch verifier's work on short lines.
 */
export async function* streamLines(input: Readable): AsyncGenerator<string> {
  let rest = '';
  input.setEncoding('utf8');
  for await (const chunk of input as AsyncIterable<string>) {
    const text = rest + chunk;
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      yield text.charCodeAt(nl - 1) === 13 && nl > start ? text.slice(start, nl - 1) : text.slice(start, nl);
      start = nl + 1;
    }
    rest = text.slice(start);
  }
  if (rest !== '') yield rest;
}

export async function readAll(input: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
