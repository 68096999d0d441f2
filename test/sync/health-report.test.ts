/**
 * Each sync carries the terminal's health for the council console (issue 13): with the first
 * batch of events, or alone when there is nothing to push. No personal data in it.
 */
import { afterEach, expect, it } from 'vitest';
import { APP_VERSION } from '../../src/contract/app-version';
import { enrolledTerminal, startServer, type RunningServer } from '../support/sync-server';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

async function setUp(): Promise<{ server: RunningServer; t: Awaited<ReturnType<typeof enrolledTerminal>> }> {
  const server = await startServer();
  open.push(server);
  const t = await enrolledTerminal(server);
  open.push({ close: () => t.service.close() });
  return { server, t };
}

it('an idle terminal reports its version, data ages, queue and clock at each sync', async () => {
  const { server, t } = await setUp();
  await t.service.admin.runSync();
  const [record] = (await server.storage.deviceSyncs()).filter(
    (d) => d.deviceId === t.service.admin.enrolment?.deviceId,
  );
  expect(record?.health).toMatchObject({
    appVersion: APP_VERSION,
    trustListSeq: t.service.admin.material.trust?.seq,
    queueDepth: 0,
  });
  expect(record?.health?.statusListAges.length).toBeGreaterThan(0);
  expect(Math.abs(record?.health?.clockSkew ?? 99)).toBeLessThan(5);
  expect(record?.lastSyncAt).toBeGreaterThan(Date.now() / 1000 - 60);
});

it('a terminal with scans to send reports with them, its queue as it was before the push', async () => {
  const { server, t } = await setUp();
  const token = (await import('node:fs')).readFileSync(`${server.dir}/cards/valid.token`, 'utf8').trim();
  await t.service.submit({ text: token, source: 'hid' });
  await t.service.admin.runSync();
  const [record] = (await server.storage.deviceSyncs()).filter(
    (d) => d.deviceId === t.service.admin.enrolment?.deviceId,
  );
  expect(record?.health?.queueDepth).toBe(1);
  // Nothing in it names a card or a person.
  expect(JSON.stringify(record?.health)).not.toMatch(/Amira|2987600/);
});
