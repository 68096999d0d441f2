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
      await t.service.admin.runSync();
      expect(t.service.admin.syncState).toMatchObject({ online: 'online', problem: null });
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
    await t.service.admin.runSync().catch(() => undefined);
    const during = await t.service.getStatus();
    expect(during.clock.trusted).toBeLessThan(Date.now() / 1000 + 60);
    expect(during.clock.trusted).toBeGreaterThanOrEqual(trustedBefore);
    const warned = (await t.service.submit({ text: token, source: 'hid' })).result;
    expect(warned).toMatchObject({ outcome: 'valid', warnings: ['clock_suspect'] });
    // The real server again: valid, and no warning left.
    proxy.fault = { kind: 'pass' };
    await t.service.admin.runSync();
    const after = (await t.service.submit({ text: token, source: 'camera' })).result;
    expect(after.outcome).toBe('valid');
    expect((await t.service.getStatus()).clock).toMatchObject({ suspect: false, behind: false });
  } finally {
    await t.service.close();
    await proxy.close();
  }
});

it('the signed time statement moves the trusted clock; a forged one is refused and moves nothing', async () => {
  const proxy = new FaultProxy(s.url);
  await proxy.listen();
  const t = await enrolledTerminal(s, proxy.url);
  try {
    const summary = await t.service.admin.runSync();
    expect(summary.signedTime).toBeCloseTo(Date.now() / 1000, -1);
    const trusted = (await t.service.getStatus()).clock.trusted;
    // A statement ten years ahead, signed with a key that is not the server's.
    const { generateKeyPair, SignJWT } = await import('jose');
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const forged = await new SignJWT({ aud: t.service.admin.enrolment!.deviceId })
      .setProtectedHeader({ alg: 'EdDSA', typ: 'civicpass-time+jwt', kid: 'forged' })
      .setIssuedAt(Math.floor(Date.now() / 1000) + 10 * 365 * 86400)
      .sign(privateKey);
    proxy.fault = { kind: 'replace', path: '/v1/time', body: forged };
    const refused = await t.service.admin.runSync();
    expect(refused.signedTime).toBeNull();
    expect(refused.warnings.map((w) => w.code)).toContain('time_refused');
    expect((await t.service.getStatus()).clock.trusted).toBeLessThan(trusted + 120);
  } finally {
    await t.service.close();
    await proxy.close();
  }
});

it('a terminal enrolled before signed time pins the key at its next sync', async () => {
  const t = await enrolledTerminal(s);
  try {
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(join(t.dataDir, 'terminal.db'));
    const removed = db.prepare("DELETE FROM security_state WHERE key = 'time_key'").run();
    expect(removed.changes).toBe(1);
    db.close();
    // Settings are read through a cache: reopen the terminal as after an update.
    await t.service.close();
    const { TerminalService } = await import('../../src/service/terminal-service');
    const again = await TerminalService.open({ dataDir: t.dataDir, autoSync: false });
    try {
      const first = await again.admin.runSync();
      expect(first.signedTime).not.toBeNull();
    } finally {
      await again.close();
    }
    const check = new Database(join(t.dataDir, 'terminal.db'), { readonly: true });
    const pinned = check.prepare("SELECT value FROM security_state WHERE key = 'time_key'").get();
    check.close();
    expect(pinned).toBeDefined();
  } finally {
    await t.service.close().catch(() => undefined);
  }
});
