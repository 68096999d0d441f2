/**
 * One signed trust list per seq, whatever the number of server processes or restarts (a terminal
 * refuses a different list under a seq it holds as a rollback), and a new seq at every re-signing,
 * so a terminal keeps getting fresh lists and its cards stay valid past the first list's expiry.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { DAY } from '../../src/core/time';
import { createDemoDeployment, makeEnrolmentCode } from '../../server/admin/demo-setup';
import { SyncServer } from '../../server/app';
import { openServerData } from '../../server/open-server';
import { SqliteSyncStorage } from '../../server/storage/sqlite-storage';
import { TerminalService } from '../../src/service/terminal-service';

it('restarts and a second server process serve the same list; re-signing bumps seq; cards stay valid for months', async () => {
  const clock = { t: Date.now() / 1000 };
  const now = (): number => clock.t;
  const dir = mkdtempSync(join(tmpdir(), 'civicpass-seq-'));
  const first = new SqliteSyncStorage(join(dir, 'server.db'));
  await createDemoDeployment(dir, first, now());
  const code = await makeEnrolmentCode(first, 'demo-library', now());
  await first.close();
  const token = readFileSync(join(dir, 'cards', 'valid.token'), 'utf8').trim();

  /** A server process: its own storage connection and deployment, on the shared data directory. */
  async function serverProcess(port = 0) {
    const opened = await openServerData(dir);
    const server = new SyncServer({ storage: opened.storage, deployment: opened.deployment!, now });
    const url = await server.listen(port);
    return {
      url,
      async stop() {
        await server.close();
        await opened.storage.close();
      },
    };
  }

  const a = await serverProcess();
  const port = Number(new URL(a.url).port);
  const terminal = await TerminalService.open({
    dataDir: mkdtempSync(join(tmpdir(), 'civicpass-seq-t-')),
    autoSync: false,
    clock: { now },
  });
  try {
    await terminal.admin.enrol(a.url, code, 'till');
    const seq1 = terminal.admin.material.trust!.seq;

    // Restart: the new process serves the stored list, not one of its own under the same seq.
    await a.stop();
    const b = await serverProcess(port);
    const c = await serverProcess();
    clock.t += 60;
    let summary = await terminal.admin.runSync();
    expect(summary.warnings).toEqual([]);
    expect(summary.pulled.trustList).toBe('unchanged');
    expect(terminal.admin.syncState.problem).toBeNull();
    // Any process answers with the very same list.
    const [p, q] = await Promise.all([openServerData(dir), openServerData(dir)]);
    expect(await p.deployment!.trustList(now())).toBe(await q.deployment!.trustList(now()));
    await p.storage.close();
    await q.storage.close();

    // Twenty days on, past half the list's life: a re-signed list under the next seq, taken.
    clock.t += 20 * DAY;
    summary = await terminal.admin.runSync();
    expect(summary.warnings).toEqual([]);
    expect(summary.pulled.trustList).toBe('updated');
    const seq2 = terminal.admin.material.trust!.seq;
    expect(seq2).toBeGreaterThan(seq1);

    // Past the first list's expiry (30 days): the card is still valid.
    clock.t += 15 * DAY;
    await terminal.admin.runSync();
    expect(terminal.admin.material.trust!.seq).toBeGreaterThanOrEqual(seq2);
    expect(terminal.admin.syncState.problem).toBeNull();
    const scan = await terminal.submit({ text: token, source: 'hid' });
    expect(scan.result).toMatchObject({ outcome: 'valid', reason: 'ok' });
    await b.stop();
    await c.stop();
  } finally {
    await terminal.close();
  }
});

it('two processes re-signing at once agree on one list', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'civicpass-seq-race-'));
  const setup = new SqliteSyncStorage(join(dir, 'server.db'));
  await createDemoDeployment(dir, setup, Date.now() / 1000);
  await setup.close();
  const [x, y] = await Promise.all([openServerData(dir), openServerData(dir)]);
  try {
    const later = Date.now() / 1000 + 20 * DAY;
    const [lx, ly] = await Promise.all([x.deployment!.trustList(later), y.deployment!.trustList(later)]);
    expect(lx).toBe(ly);
    expect(await x.deployment!.trustList(later + 60)).toBe(lx);
  } finally {
    await x.storage.close();
    await y.storage.close();
  }
});

it('a key rotated by another process (the admin command) is in the next list a running server signs', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'civicpass-seq-rotate-'));
  const setup = new SqliteSyncStorage(join(dir, 'server.db'));
  await createDemoDeployment(dir, setup, Date.now() / 1000);
  await setup.close();
  const [server, admin] = await Promise.all([openServerData(dir), openServerData(dir)]);
  try {
    const now = Date.now() / 1000;
    const before = await server.deployment!.trustList(now);
    const kid = await admin.deployment!.rotateIssuerKey(now);
    const after = await server.deployment!.trustList(now + 1);
    expect(after).not.toBe(before);
    const payload = JSON.parse(Buffer.from(after.split('.')[1]!, 'base64url').toString()) as {
      issuers: { keys: { kid: string }[] }[];
    };
    expect(payload.issuers[0]!.keys.map((k) => k.kid)).toContain(kid);
    // A card the running server issues now is signed with the new key.
    const card = await server.deployment!.issueCard({ services: ['library'] }, now + 2);
    const header = JSON.parse(Buffer.from(card.token.split('.')[0]!, 'base64url').toString()) as { kid: string };
    expect(header.kid).toBe(kid);
  } finally {
    await server.storage.close();
    await admin.storage.close();
  }
});
