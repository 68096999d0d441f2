/**
 * The serial NFC reader against real pseudo-terminals: socat makes a connected pair, the reader
 * opens one end through serialport, and the test writes what a VTAP sends into the other. Killing
 * socat is an unplug; starting it again with the same `link=` paths is the reader coming back.
 */
import { spawnSync } from 'node:child_process';
import { constants, mkdtempSync, rmSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceState } from '../../src/contract/terminal-api';
import { running, startSocat } from '../support/socat';
import {
  DEFAULT_SERIAL_NFC,
  SerialNfcReader,
  describeOpenFailure,
  openSerialPort,
  retryDelayMs,
  type SerialNfcMessage,
  type SerialOpener,
} from '../../src/node/devices/serial-nfc-reader';

const cleanups: (() => Promise<void> | void)[] = [];

const TOKEN =
  'eyJhbGciOiJFUzI1NiIsImtpZCI6IkNsMWpyb2RRQSIsInR5cCI6ImNpdmljcGFzcytqd3QifQ.eyJ2IjoxLCJzdWIiOiJjYXJkXzAwMDEifQ.c2lnbmF0dXJl';
/** Fast retries, so unplug and replug take milliseconds rather than the kiosk's seconds. */
const FAST = { firstMs: 50, maxMs: 200 };

/** Opens the VTAP's end for writing; O_NOCTTY so it never becomes the test's controlling tty. */
async function vtap(path: string): Promise<FileHandle> {
  const fh = await open(path, constants.O_WRONLY | constants.O_NOCTTY);
  cleanups.push(() => fh.close().catch(() => undefined));
  return fh;
}

async function send(fh: FileHandle, data: string | Uint8Array): Promise<void> {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
  for (let at = 0; at < bytes.length;) at += (await fh.write(bytes, at)).bytesWritten;
}

async function until(what: string, check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface Watched {
  readonly reader: SerialNfcReader;
  readonly messages: SerialNfcMessage[];
  readonly states: DeviceState[];
  readonly problems: string[];
}

function watch(path: string, open: SerialOpener = openSerialPort): Watched {
  const reader = new SerialNfcReader({ ...DEFAULT_SERIAL_NFC, path }, open, FAST);
  const w: Watched = { reader, messages: [], states: [], problems: [] };
  reader.on('message', (m) => w.messages.push(m));
  reader.on('state', (s) => w.states.push(s));
  reader.on('problem', (p) => w.problems.push(p));
  cleanups.push(() => reader.close());
  reader.start();
  return w;
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'civicpass-nfc-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  for (const child of running) child.kill('SIGKILL');
  running.clear();
});

describe('serial NFC reader on a real pseudo-terminal', () => {
  beforeAll(() => {
    const probe = spawnSync('socat', ['-V'], { stdio: 'ignore' });
    if (probe.error) throw new Error('socat is needed for the serial reader tests: apt-get install socat');
  });

  it('reads an Apple and a Google pass, each ended by CR LF', async () => {
    const pair = await startSocat();
    cleanups.push(() => pair.stop());
    const w = watch(pair.reader);
    await until('connected', () => w.reader.state.state === 'connected');
    expect(w.reader.state).toMatchObject({ id: pair.reader, kind: 'nfc', detail: `${pair.reader}, 9600 baud` });
    const host = await vtap(pair.host);
    await send(host, `A${TOKEN}\r\nG${TOKEN.slice(1)}\r\n`);
    await until('two messages', () => w.messages.length === 2);
    expect(w.messages.map(({ text, pass }) => ({ text, pass }))).toEqual([
      { text: TOKEN, pass: 'apple' },
      { text: TOKEN.slice(1), pass: 'google' },
    ]);
    expect(w.messages[0]!.receivedAt).toBeLessThanOrEqual(w.messages[1]!.receivedAt);
    expect(w.problems).toEqual([]);
  });

  it('makes one message of a payload split across writes with a pause between them', async () => {
    const pair = await startSocat();
    cleanups.push(() => pair.stop());
    const w = watch(pair.reader);
    await until('connected', () => w.reader.state.state === 'connected');
    const host = await vtap(pair.host);
    await send(host, `G${TOKEN.slice(0, 50)}`);
    await sleep(300);
    expect(w.messages).toEqual([]);
    await send(host, `${TOKEN.slice(50)}\r`);
    await sleep(100);
    await send(host, '\n');
    await until('the message', () => w.messages.length === 1);
    await sleep(100);
    expect(w.messages.map(({ text, pass }) => ({ text, pass }))).toEqual([{ text: TOKEN, pass: 'google' }]);
  });

  it('reads a 3 KB payload whole', async () => {
    const pair = await startSocat();
    cleanups.push(() => pair.stop());
    const w = watch(pair.reader);
    await until('connected', () => w.reader.state.state === 'connected');
    const long = Array.from({ length: 3072 }, (_, i) => 'abcdefghijklmnopqrstuvwxyz0123456789-_'[i % 38]).join('');
    await send(await vtap(pair.host), `A${long}\r\n`);
    await until('the long message', () => w.messages.length === 1);
    expect(w.messages[0]!.text).toBe(long);
    expect(w.messages[0]!.pass).toBe('apple');
  });

  it('survives garbage and an over-long line, reporting them, and reads the next pass', async () => {
    const pair = await startSocat();
    cleanups.push(() => pair.stop());
    const w = watch(pair.reader);
    await until('connected', () => w.reader.state.state === 'connected');
    const host = await vtap(pair.host);
    // Every byte value, high bytes and NULs included, as line noise would deliver them.
    await send(
      host,
      Uint8Array.from({ length: 1024 }, (_, i) => (i * 37 + 11) % 256),
    );
    await send(host, `\r\n${'x'.repeat(20_000)}\r\nG${TOKEN}\r\n`);
    await until('the pass after the garbage', () => w.messages.at(-1)?.text === TOKEN);
    expect(w.messages.at(-1)!.pass).toBe('google');
    expect(w.problems).toContain('NFC reader: a line longer than 8192 characters was dropped');
    expect(w.reader.state.state).toBe('connected');
  });

  it('goes disconnected when unplugged, and reconnects and reads again when the reader is back', async () => {
    const dir = tempDir();
    const links = { reader: join(dir, 'reader'), host: join(dir, 'host') };
    let pair = await startSocat(links);
    const w = watch(links.reader);
    await until('connected', () => w.reader.state.state === 'connected');
    let host = await vtap(links.host);
    await send(host, `A${TOKEN}\r\n`);
    await until('the first pass', () => w.messages.length === 1);

    await pair.stop(); // unplug: socat closes both ends and removes its links
    await host.close();
    await until('disconnected', () => w.reader.state.detail === `no reader at ${links.reader}`);
    expect(w.states.map((s) => [s.state, s.detail])).toEqual([
      ['connected', `${links.reader}, 9600 baud`],
      ['disconnected', 'unplugged'],
      ['disconnected', `no reader at ${links.reader}`],
    ]);

    pair = await startSocat(links); // plugged back in: a new pty behind the same link
    cleanups.push(() => pair.stop());
    await until('reconnected', () => w.reader.state.state === 'connected');
    host = await vtap(links.host);
    await send(host, `G${TOKEN}\r\n`);
    await until('the pass after reconnecting', () => w.messages.length === 2);
    expect(w.messages[1]!.pass).toBe('google');
    expect(w.messages[1]!.text).toBe(TOKEN);
  });

  it('shows a port that does not exist as disconnected, in plain words, and keeps trying until it appears', async () => {
    const dir = tempDir();
    const links = { reader: join(dir, 'vtap'), host: join(dir, 'host') };
    let attempts = 0;
    const w = watch(links.reader, (path, baud) => {
      attempts++;
      return openSerialPort(path, baud);
    });
    await until('three attempts', () => attempts >= 3);
    expect(w.reader.state).toMatchObject({ state: 'disconnected', detail: `no reader at ${links.reader}` });
    expect(w.states).toHaveLength(1); // retries that fail the same way do not repeat the state
    const pair = await startSocat(links);
    cleanups.push(() => pair.stop());
    await until('connected', () => w.reader.state.state === 'connected');
  });

  it('close() is idempotent, releases the port and stops retrying', async () => {
    const pair = await startSocat();
    cleanups.push(() => pair.stop());
    const w = watch(pair.reader);
    await until('connected', () => w.reader.state.state === 'connected');
    await Promise.all([w.reader.close(), w.reader.close()]);
    await w.reader.close();
    expect(w.reader.state).toMatchObject({ state: 'disconnected', detail: 'closed' });
    // serialport locks the ports it opens: opening it again proves the reader let go of it.
    const again = await openSerialPort(pair.reader, 9600);
    await again.close();

    let attempts = 0;
    const missing = watch(join(tempDir(), 'none'), (path, baud) => {
      attempts++;
      return openSerialPort(path, baud);
    });
    await until('a failed attempt', () => attempts >= 1 && missing.reader.state.detail !== 'not started');
    await missing.reader.close();
    const after = attempts;
    await sleep(400);
    expect(attempts).toBe(after);
    missing.reader.start(); // a closed reader stays closed
    await sleep(100);
    expect(attempts).toBe(after);
  });

  it('reports a listener that throws instead of throwing, and keeps reading', async () => {
    const pair = await startSocat();
    cleanups.push(() => pair.stop());
    const w = watch(pair.reader);
    w.reader.prependListener('message', (m) => {
      if (m.text === 'boom') throw new Error('listener bug');
    });
    await until('connected', () => w.reader.state.state === 'connected');
    const host = await vtap(pair.host);
    await send(host, `Aboom\r\nA${TOKEN}\r\n`);
    await until('the pass after the failing one', () => w.messages.some((m) => m.text === TOKEN));
    expect(w.problems).toEqual(['NFC reader: a message listener failed: listener bug']);
  });
});

describe('serial NFC reader: retry timing and failure words', () => {
  it('waits 1 s after the first failure, doubling to at most 10 s', () => {
    expect([1, 2, 3, 4, 5, 6, 20].map((n) => retryDelayMs(n))).toEqual([
      1000, 2000, 4000, 8000, 10_000, 10_000, 10_000,
    ]);
  });

  it('puts open failures in plain words', () => {
    const path = '/dev/ttyACM0';
    expect(describeOpenFailure(path, new Error('Error: No such file or directory, cannot open /dev/ttyACM0'))).toEqual({
      state: 'disconnected',
      detail: 'no reader at /dev/ttyACM0',
    });
    expect(describeOpenFailure(path, new Error('Error: Permission denied, cannot open /dev/ttyACM0'))).toEqual({
      state: 'error',
      detail: "no permission to open /dev/ttyACM0: add the terminal's user to the dialout group",
    });
    expect(describeOpenFailure(path, new Error('Error Resource temporarily unavailable Cannot lock port'))).toEqual({
      state: 'error',
      detail: '/dev/ttyACM0 is in use by another program',
    });
    expect(describeOpenFailure(path, 'strange')).toEqual({
      state: 'error',
      detail: 'cannot open /dev/ttyACM0: strange',
    });
  });
});
