import { parentPort } from 'node:worker_threads';
import { materialFromTexts } from '../node/trust-files';
import { cliResult, makeChecker } from './verify-check';
import type { FromWorker, ToWorker } from './verify-protocol';

export type Checker = ReturnType<typeof makeChecker>;

/**
 * Splits a chunk into lines as `streamLines` does: LF or CRLF, an empty line is a line, a last
 * line without LF counts. Chunks are cut at LF bytes, which never occur inside a UTF-8 sequence,
 * so decoding per chunk gives the same text as decoding the stream.
 */
export function chunkLines(bytes: Uint8Array): string[] {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  const lines = text.split('\n');
  // The text after the last LF: empty when the chunk ends in LF, else a last line, kept as is
  // (a CR only ends a line before an LF).
  const last = lines.pop()!;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.charCodeAt(line.length - 1) === 13) lines[i] = line.slice(0, -1);
  }
  if (last !== '') lines.push(last);
  return lines;
}

const encoder = new TextEncoder();

/** One chunk's answer: a result line per input line, in order, as UTF-8 that owns its buffer. */
export async function verifyChunk(check: Checker, bytes: Uint8Array): Promise<Uint8Array> {
  let out = '';
  for (const line of chunkLines(bytes)) out += JSON.stringify(cliResult(await check(line))) + '\n';
  // TextEncoder's result owns its whole ArrayBuffer, so it can be transferred.
  return encoder.encode(out);
}

/**
 * A `verify --batch` worker: builds its own material from the texts the main thread read (keys,
 * KeyObjects and decoded lists cannot be shared), then verifies each chunk in order and sends
 * back its result lines as a transferred buffer.
 */
export function serveVerifyWorker(): void {
  const port = parentPort;
  if (!port) throw new Error('serveVerifyWorker outside a worker thread');
  let checker: Promise<Checker> | null = null;
  // One chunk at a time, in arrival order: the chain also holds chunks that arrive while the
  // material is still being built.
  let work: Promise<void> = Promise.resolve();
  port.on('message', (message: ToWorker) => {
    if (message.kind === 'init') {
      checker = materialFromTexts(message.texts).then(({ material }) => makeChecker(material, message.options));
      return;
    }
    const ready = checker;
    if (!ready) throw new Error('chunk before init');
    work = work.then(async () => {
      const reply: FromWorker = { seq: message.seq, bytes: await verifyChunk(await ready, message.bytes) };
      port.postMessage(reply, [reply.bytes.buffer as ArrayBuffer]);
    });
    // An exception here is a fault: let it end the worker, which the pool reports.
    work.catch((e: unknown) => {
      throw e;
    });
  });
}
