/**
 * The `SyncStorage` contract's part for the council console (issue 13): accounts, sessions,
 * sign-in failures, the audit log written with the change it records, device health, and the
 * read methods the console lists with. Run by describeStorageContract for every backend.
 */
import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { TerminalHealth } from '../../src/contract/console-api';
import type { ScanEvent } from '../../src/core/sync-protocol';
import type { AuditRecord, SyncStorage } from '../../server/storage/sync-storage';

const NOW = 1_800_000_000;
const HEALTH: TerminalHealth = { appVersion: '1.0', trustListSeq: 3, statusListAges: [], queueDepth: 0, clockSkew: 0 };

const audit = (action: string, at = NOW): AuditRecord => ({
  at,
  actor: 'tester',
  action,
  target: 't',
  before: null,
  after: { n: 1 },
});
const user = (
  email: string,
  role: 'council_admin' | 'venue_manager' | 'auditor' = 'auditor',
  venueId: string | null = null,
) => ({
  email,
  role,
  venueId,
  passwordHash: 'scrypt$hash',
  createdAt: NOW,
});

function scan(at: number, overrides: Partial<ScanEvent> = {}): ScanEvent {
  return {
    type: 'scan',
    id: randomUUID(),
    at: new Date(at * 1000).toISOString(),
    service: 'citysave',
    offer: null,
    outcome: 'valid',
    reason: 'ok',
    source: 'hid',
    cardRef: 'ref-a',
    kid: null,
    trustSeq: null,
    latencyMs: 1,
    ...overrides,
  };
}

export function describeConsoleContract(
  fixture: () => { a: SyncStorage; b: SyncStorage; connections(n: number): Promise<SyncStorage[]> },
): void {
  describe('council console', () => {
    let a: SyncStorage;
    let b: SyncStorage;
    beforeEach(async () => {
      ({ a, b } = fixture());
      for (const id of ['library', 'bistro'])
        await a.putVenue({ id, config: { venueId: id }, cardRefKey: `key-${id}` });
    });

    it('accounts: one per email in any case, found in any case; a venue manager has a venue that exists', async () => {
      await a.addConsoleUser(user('Admin@Council.example', 'council_admin'));
      const found = await b.getConsoleUser('admin@COUNCIL.example');
      expect(found).toMatchObject({ email: 'Admin@Council.example', role: 'council_admin', venueId: null });
      expect(await b.getConsoleUserById(found!.id)).toEqual(found);
      await expect(b.addConsoleUser(user('ADMIN@council.example'))).rejects.toThrow();
      await expect(a.addConsoleUser(user('m@bistro.example', 'venue_manager'))).rejects.toThrow();
      await expect(a.addConsoleUser(user('m@bistro.example', 'venue_manager', 'nowhere'))).rejects.toThrow();
      await expect(a.addConsoleUser(user('x@council.example', 'auditor', 'bistro'))).rejects.toThrow();
      await a.addConsoleUser(user('m@bistro.example', 'venue_manager', 'bistro'));
      expect((await b.getConsoleUser('m@bistro.example'))?.venueId).toBe('bistro');
      expect(await a.getConsoleUser('nobody@council.example')).toBeNull();
    });

    it('sessions: stored, touched forward only, deleted, pruned at either limit', async () => {
      await a.addConsoleUser(user('a@council.example'));
      const userId = (await a.getConsoleUser('a@council.example'))!.id;
      const session = { id: 'h1', userId, csrf: 'c', createdAt: NOW, lastSeenAt: NOW, expiresAt: NOW + 3600 };
      await a.createConsoleSession(session);
      await expect(b.createConsoleSession(session)).rejects.toThrow();
      expect(await b.getConsoleSession('h1')).toEqual(session);
      expect(await b.touchConsoleSession('h1', NOW + 10)).toBe(true);
      await a.touchConsoleSession('h1', NOW + 5);
      expect((await a.getConsoleSession('h1'))?.lastSeenAt).toBe(NOW + 10);
      expect(await a.touchConsoleSession('nope', NOW)).toBe(false);
      await a.createConsoleSession({ ...session, id: 'idle', lastSeenAt: NOW - 100 });
      await a.createConsoleSession({ ...session, id: 'old', expiresAt: NOW + 20 });
      await b.pruneConsoleSessions(NOW + 20, NOW - 50);
      expect(await a.getConsoleSession('idle')).toBeNull();
      expect(await a.getConsoleSession('old')).toBeNull();
      expect(await a.getConsoleSession('h1')).not.toBeNull();
      await b.deleteConsoleSession('h1');
      expect(await a.getConsoleSession('h1')).toBeNull();
    });

    it('sign-in failures: each attempt sees the ones before it; forgotten and cleared on request', async () => {
      const first = await a.recordSignInAttempt('a@council.example', NOW, NOW - 1800);
      expect(first.earlier).toEqual([]);
      const second = await b.recordSignInAttempt('A@council.example', NOW + 1, NOW - 1800);
      expect(second.earlier).toEqual([NOW]);
      await a.forgetSignInAttempt(second.id);
      expect((await a.recordSignInAttempt('a@council.example', NOW + 2, NOW - 1800)).earlier).toEqual([NOW]);
      // Older than `since` is not counted; another email is another count.
      expect((await a.recordSignInAttempt('a@council.example', NOW + 3, NOW + 1)).earlier).toEqual([NOW + 2]);
      expect((await a.recordSignInAttempt('b@council.example', NOW + 3, NOW - 1800)).earlier).toEqual([]);
      await b.clearSignInFailures('A@COUNCIL.example');
      expect((await a.recordSignInAttempt('a@council.example', NOW + 4, NOW - 1800)).earlier).toEqual([]);
    });

    it('sign-in attempts made at once each count the others that came first', async () => {
      const racers = await fixture().connections(6);
      const seen = await Promise.all(racers.map((s) => s.recordSignInAttempt('race@council.example', NOW, NOW - 1800)));
      expect(seen.map((r) => r.earlier.length).sort()).toEqual([0, 1, 2, 3, 4, 5]);
    });

    it('an audited change writes its entry with it, and only when the change is made', async () => {
      await a.addDevice({
        id: 'dev_1',
        venueId: 'library',
        publicJwk: {},
        label: 'Desk',
        enrolledAt: NOW,
        revokedAt: null,
      });
      await a.addCard({ id: 'card_1', statusIndex: 1, status: 0, services: ['library'], libraryNumber: null });
      expect(await a.revokeDevice('dev_1', NOW, audit('device.revoke'))).toBe(true);
      expect(await b.revokeDevice('dev_1', NOW, audit('device.revoke.again'))).toBe(false);
      expect(await a.setCardStatus('card_1', 1, audit('card.revoke'))).toBe(true);
      expect(await a.setCardStatus('card_x', 1, audit('card.nobody'))).toBe(false);
      expect(await a.compareAndSetValue('k', null, 'v', audit('kv.set'))).toBe(true);
      expect(await a.compareAndSetValue('k', 'stale', 'w', audit('kv.lost'))).toBe(false);
      expect(await a.createVenue({ id: 'pool', config: {}, cardRefKey: 'k' }, audit('venue.add'))).toBe(true);
      expect(await b.createVenue({ id: 'pool', config: { x: 1 }, cardRefKey: 'k2' }, audit('venue.taken'))).toBe(false);
      expect((await a.getVenue('pool'))?.config).toEqual({});
      await a.putVenue({ id: 'pool', config: { y: 2 }, cardRefKey: 'k' }, audit('venue.update'));
      await a.addEnrolmentCode('code', 'pool', NOW + 60, audit('enrolment_code.add'));
      await a.addConsoleUser(user('new@council.example'), audit('user.add'));
      await a.appendAudit(audit('card.issue_demo'));
      const entries = await b.auditEntries({ limit: 100 });
      expect(entries.map((e) => e.action)).toEqual([
        'card.issue_demo',
        'user.add',
        'enrolment_code.add',
        'venue.update',
        'venue.add',
        'kv.set',
        'card.revoke',
        'device.revoke',
      ]);
      expect(entries[0]).toEqual({ id: entries[0]!.id, ...audit('card.issue_demo') });
    });

    it('audit entries come newest first, paged by id, from a time', async () => {
      for (let i = 0; i < 5; i++) await a.appendAudit(audit(`a${i}`, NOW + i));
      const all = await b.auditEntries({ limit: 10 });
      expect(all.map((e) => e.action)).toEqual(['a4', 'a3', 'a2', 'a1', 'a0']);
      expect((await b.auditEntries({ limit: 2, beforeId: all[1]!.id })).map((e) => e.action)).toEqual(['a2', 'a1']);
      expect((await b.auditEntries({ limit: 10, since: NOW + 3 })).map((e) => e.action)).toEqual(['a4', 'a3']);
    });

    it('device syncs: the latest time, the last health kept when a sync reports none', async () => {
      await a.addDevice({
        id: 'dev_1',
        venueId: 'library',
        publicJwk: {},
        label: 'Desk',
        enrolledAt: NOW,
        revokedAt: null,
      });
      expect(await a.deviceSyncs()).toEqual([]);
      await a.recordDeviceSync('dev_1', NOW, HEALTH);
      await b.recordDeviceSync('dev_1', NOW + 60, null);
      await b.recordDeviceSync('dev_1', NOW + 30, null);
      expect(await a.deviceSyncs()).toEqual([{ deviceId: 'dev_1', lastSyncAt: NOW + 60, health: HEALTH }]);
      await a.recordDeviceSync('dev_1', NOW + 90, { ...HEALTH, queueDepth: 7 });
      expect((await b.deviceSyncs())[0]!.health?.queueDepth).toBe(7);
    });

    it('lists venues, devices by venue, cards by id and index, registry entries by hash', async () => {
      expect((await a.listVenues()).map((v) => v.id)).toEqual(['bistro', 'library']);
      await a.addDevice({
        id: 'dev_1',
        venueId: 'library',
        publicJwk: {},
        label: 'Desk',
        enrolledAt: NOW,
        revokedAt: null,
      });
      await a.addDevice({
        id: 'dev_2',
        venueId: 'bistro',
        publicJwk: {},
        label: 'Till',
        enrolledAt: NOW + 1,
        revokedAt: null,
      });
      expect((await b.listDevices(null)).map((d) => d.id)).toEqual(['dev_1', 'dev_2']);
      expect((await b.listDevices('bistro')).map((d) => d.id)).toEqual(['dev_2']);
      const card = { id: 'card_1', statusIndex: 4, status: 2, services: ['library'], libraryNumber: '123' };
      await a.addCard(card);
      expect(await b.getCard('card_1')).toEqual(card);
      expect(await b.cardByStatusIndex(4)).toEqual(card);
      expect(await b.getCard('card_2')).toBeNull();
      const entry = { refHash: 'h', services: ['library'], iss: 'i', statusUri: 'u', statusIndex: 4, removed: false };
      await a.putRegistryEntry(entry);
      expect(await b.registryEntry('h')).toMatchObject(entry);
      expect(await b.registryEntry('nope')).toBeNull();
    });

    it('recent staff calls newest first; scans and standing redemptions by time and venue', async () => {
      await a.addDevice({
        id: 'dev_k',
        venueId: 'library',
        publicJwk: {},
        label: 'Kiosk',
        enrolledAt: NOW,
        revokedAt: null,
      });
      const call1 = { type: 'staff_call' as const, id: randomUUID(), at: new Date((NOW - 20) * 1000).toISOString() };
      const call2 = { type: 'staff_call' as const, id: randomUUID(), at: new Date((NOW - 10) * 1000).toISOString() };
      await a.ingestEvents('dev_k', 'library', [call1, call2], NOW);
      expect((await b.recentStaffCalls(null, 10)).map((c) => [c.id, c.venueId, c.from])).toEqual([
        [call2.id, 'library', 'Kiosk'],
        [call1.id, 'library', 'Kiosk'],
      ]);
      expect(await b.recentStaffCalls('bistro', 10)).toEqual([]);
      expect(await b.recentStaffCalls(null, 1)).toHaveLength(1);

      const kept = scan(NOW - 100, { offer: 'lunch' });
      const undone = scan(NOW - 90, { offer: 'lunch', cardRef: 'ref-b' });
      await a.ingestEvents('dev_t', 'bistro', [kept, undone, scan(NOW - 5000)], NOW);
      await a.ingestEvents(
        'dev_t',
        'bistro',
        [
          {
            type: 'undo_redemption',
            id: randomUUID(),
            at: new Date((NOW - 80) * 1000).toISOString(),
            undoes: undone.id,
            offer: 'lunch',
            cardRef: 'ref-b',
          },
        ],
        NOW,
      );
      const scans = await b.scansBetween(NOW - 1000, NOW, 'bistro');
      expect(scans.map((s) => s.at).sort()).toEqual([NOW - 100, NOW - 90]);
      expect(scans[0]).toMatchObject({ venueId: 'bistro', service: 'citysave', outcome: 'valid' });
      expect(await b.scansBetween(NOW - 1000, NOW, 'library')).toEqual([]);
      expect(await b.redemptionsBetween(NOW - 1000, NOW, null)).toEqual([{ venueId: 'bistro', at: NOW - 100 }]);
    });
  });
}
