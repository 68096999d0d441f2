/**
 * Clocks that lie: the terminal's own, a server's, a proxy's. Only signed times move the trusted
 * clock; an unsigned `Date` far off only warns; a terminal whose clock is off still syncs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { FaultProxy } from '../support/fault-proxy';
import { enrolledTerminal, startServer, type RunningServer } from '../support/sync-server';

let s: RunningServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.close());

it('a terminal whose clock is ten minutes fast (or slow) still syncs: its tokens follow the server clock', async () => {
  for (const offset of [600, -600]) {
    const t = await enrolledTerminal(s, s.url, 'demo-library', { now: () => Date.now() / 1000 + offset });
    try {
      await t.service.sync.runNow();
      expect(t.service.sync.state).toMatchObject({ online: 'online', problem: null });
      // Its clock is suspect (the server's differs by ten minutes), which results say.
      expect((await t.service.getStatus()).clock.suspect).toBe(true);
    } finally {
      await t.service.close();
    }
  }
});

it('a proxy adding ten years to Date does not move the trusted clock: genuine cards stay valid', async () => {
  const proxy = new FaultProxy(s.url);
  await proxy.listen();
  const t = await enrolledTerminal(s, proxy.url);
  try {
    const token = readFileSync(join(s.dir, 'cards', 'valid.token'), 'utf8').trim();
    const trustedBefore = (await t.service.getStatus()).clock.trusted;
    proxy.fault = { kind: 'date', addSeconds: 10 * 365 * 86400 };
    await t.service.sync.runNow().catch(() => undefined);
    const during = await t.service.getStatus();
    expect(during.clock.trusted).toBeLessThan(Date.now() / 1000 + 60);
    expect(during.clock.trusted).toBeGreaterThanOrEqual(trustedBefore);
    const warned = (await t.service.submit({ text: token, source: 'hid' })).result;
    expect(warned).toMatchObject({ outcome: 'valid', warnings: ['clock_suspect'] });
    // The real server again: valid, and no warning left.
    proxy.fault = { kind: 'pass' };
    await t.service.sync.runNow();
    const after = (await t.service.submit({ text: token, source: 'camera' })).result;
    expect(after.outcome).toBe('valid');
    expect((await t.service.getStatus()).clock).toMatchObject({ suspect: false, behind: false });
  } finally {
    await t.service.close();
    await proxy.close();
  }
});
