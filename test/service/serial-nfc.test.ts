/**
 * A serial NFC reader configured by staff, end to end through the terminal service: a real
 * pseudo-terminal pair (socat) stands in for a VTAP's virtual COM port.
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { afterEach, expect, it } from 'vitest';
import type { ScanResult, TerminalApiEvent } from '../../src/contract/terminal-api';
import { startSocat, type PtyPair } from '../support/socat';
import { makeTerminal, type TestTerminal } from '../support/terminal';

let pair: PtyPair | null = null;
let terminal: TestTerminal | null = null;
afterEach(async () => {
  await terminal?.service.close();
  await pair?.stop();
  terminal = null;
  pair = null;
});

async function until<T>(what: string, find: () => T | undefined, timeoutMs = 8000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

it('a pass tapped on a serial NFC reader is checked as an NFC scan, and the reader shows on Status', async () => {
  pair = await startSocat();
  terminal = await makeTerminal();
  const { service } = terminal;
  const events: TerminalApiEvent[] = [];
  service.subscribe((e) => events.push(e));
  await service.setPin({ next: '482916' });
  await service.unlock({ pin: '482916' });
  // Only serial devices may be named: never an arbitrary file.
  await expect(service.updateSettings({ nfcSerialPath: '/etc/passwd' })).rejects.toMatchObject({
    code: 'invalid_argument',
  });
  await expect(service.updateSettings({ nfcSerialApplePrefix: 'G', nfcSerialGooglePrefix: 'G' })).rejects.toMatchObject(
    { code: 'invalid_argument' },
  );
  // A reader set to `$t:` and LF.
  await service.updateSettings({
    nfcSerialPath: pair.reader,
    nfcSerialBaud: 9600,
    nfcSerialApplePrefix: 'A:',
    nfcSerialGooglePrefix: 'G:',
    nfcSerialLineEnding: 'lf',
  });
  await until('a connected reader', () => {
    const last = events.filter((e) => e.type === 'devices').at(-1);
    return last?.type === 'devices' && last.devices.some((d) => d.kind === 'nfc' && d.state === 'connected')
      ? true
      : undefined;
  });
  expect((await service.getStatus()).nfcConfigured).toBe(true);

  // A Google pass carrying the holder's library number, sent as the reader sends it: prefix, LF,
  // in two writes with a pause between them.
  const vtap = await open(pair.host, constants.O_WRONLY | constants.O_NOCTTY);
  try {
    await vtap.write('G:298760000');
    await new Promise((r) => setTimeout(r, 80));
    await vtap.write('00017\n');
    const result = await until('an NFC result', () =>
      events.flatMap((e) => (e.type === 'scan' ? [e.result] : [])).find((r: ScanResult) => r.source === 'nfc'),
    );
    expect(result).toMatchObject({ source: 'nfc', outcome: 'valid', repeat: false });
  } finally {
    await vtap.close();
  }

  // Staff clear the port: the reader is closed and leaves the device list.
  await service.updateSettings({ nfcSerialPath: null });
  expect((await service.listDevices()).some((d) => d.kind === 'nfc')).toBe(false);
  expect((await service.getStatus()).nfcConfigured).toBe(false);
});
