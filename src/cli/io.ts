import { createInterface } from 'node:readline';
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

/** Lines of stdin without their line ending; an empty line is a line. */
export function stdinLines(input: Readable): AsyncIterable<string> {
  return createInterface({ input, crlfDelay: Infinity, terminal: false });
}

export async function readAll(input: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
