/**
 * The first line of standard input, for a password: piped (`printf '%s\n' "$PW" | civicpass ...`)
 * or typed at a terminal, where echo is turned off while it is read so nobody sees it on screen.
 */
import type { Readable, Writable } from 'node:stream';
import type { ReadStream } from 'node:tty';
import { streamLines } from '../../src/node/command-io';

async function firstLine(input: Readable): Promise<string | null> {
  for await (const line of streamLines(input)) return line;
  return null;
}

/** Raw mode: every key arrives as typed and nothing is echoed; Enter ends, Ctrl-C or Ctrl-D gives up. */
function typedLine(tty: ReadStream, prompt: Writable): Promise<string | null> {
  prompt.write('Password (not shown): ');
  tty.setRawMode(true);
  tty.setEncoding('utf8');
  tty.resume();
  return new Promise((resolve) => {
    let typed = '';
    const finish = (value: string | null): void => {
      tty.off('data', onData);
      tty.setRawMode(false);
      tty.pause();
      prompt.write('\n');
      resolve(value);
    };
    const onData = (chunk: string): void => {
      for (const c of chunk) {
        if (c === '\r' || c === '\n') return finish(typed);
        if (c === '\u0003' || c === '\u0004') return finish(null);
        if (c === '\u007f' || c === '\b') typed = [...typed].slice(0, -1).join('');
        else if (c >= ' ') typed += c;
      }
    };
    tty.on('data', onData);
  });
}

export async function readSecretLine(input: Readable, prompt: Writable): Promise<string | null> {
  const tty = input as Partial<ReadStream>;
  if (tty.isTTY === true && typeof tty.setRawMode === 'function') return typedLine(input as ReadStream, prompt);
  return firstLine(input);
}
