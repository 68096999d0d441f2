import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/node/store/database';
import { PinStore } from '../../src/node/store/pin-store';

describe('staff PIN', () => {
  const policy = { maxFailures: 3, lockout: 60, maxLockout: 600 };

  it('stores only a scrypt hash, and unlocks with the right PIN', async () => {
    const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'civicpass-pin-')), 't.db'));
    const pins = new PinStore(db, policy);
    expect(await pins.unlock('1234', 0)).toEqual({ ok: false, reason: 'no_pin' });
    await pins.set('482916');
    const row = db.prepare('SELECT hash, salt FROM staff_pin').get() as { hash: string; salt: string };
    expect(row.hash).not.toContain('482916');
    expect(Buffer.from(row.hash, 'base64url')).toHaveLength(32);
    expect(await pins.unlock('482916', 0)).toEqual({ ok: true });
    await expect(pins.set('12')).rejects.toThrow(/4 to 12 digits/);
  });

  it('counts failures, locks out, doubles the lockout, and remembers it across a restart', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'civicpass-pin-')), 't.db');
    let db = openDatabase(path);
    let pins = new PinStore(db, policy);
    await pins.set('482916');
    expect(await pins.unlock('000000', 100)).toEqual({ ok: false, reason: 'wrong_pin', remainingAttempts: 2 });
    expect(await pins.unlock('000000', 101)).toEqual({ ok: false, reason: 'wrong_pin', remainingAttempts: 1 });
    expect(await pins.unlock('000000', 102)).toEqual({ ok: false, reason: 'locked', lockedUntil: 162 });
    db.close();
    db = openDatabase(path);
    pins = new PinStore(db, policy);
    // Even the right PIN is refused while locked.
    expect(await pins.unlock('482916', 150)).toEqual({ ok: false, reason: 'locked', lockedUntil: 162 });
    expect(await pins.unlock('000000', 170)).toEqual({ ok: false, reason: 'locked', lockedUntil: 290 });
    expect(await pins.unlock('482916', 300)).toEqual({ ok: true });
    expect(await pins.unlock('000000', 301)).toEqual({ ok: false, reason: 'wrong_pin', remainingAttempts: 2 });
  });
});

describe('staff PIN under parallel attempts', () => {
  it('400 wrong PINs at once and then the right one: the lock holds, and the right one is refused', async () => {
    const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'civicpass-pin-')), 't.db'));
    const pins = new PinStore(db, { maxFailures: 5, lockout: 60, maxLockout: 3600 });
    await pins.set('482916');
    const now = 1000;
    const attempts = [
      ...Array.from({ length: 400 }, (_, i) => pins.unlock(String(100000 + i), now)),
      pins.unlock('482916', now),
    ];
    const results = await Promise.all(attempts);
    expect(results.filter((r) => r.ok)).toHaveLength(0);
    expect(results.filter((r) => !r.ok && r.reason === 'wrong_pin')).toHaveLength(4);
    expect(results.at(-1)).toEqual({ ok: false, reason: 'locked', lockedUntil: now + 60 });
    const row = db.prepare('SELECT failures, locked_until FROM staff_pin').get();
    expect(row).toEqual({ failures: 5, locked_until: now + 60 });
  });

  it('the right PIN among the first attempts still unlocks, as it would one at a time', async () => {
    const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'civicpass-pin-')), 't.db'));
    const pins = new PinStore(db, { maxFailures: 5, lockout: 60, maxLockout: 3600 });
    await pins.set('482916');
    const results = await Promise.all([pins.unlock('000000', 5), pins.unlock('482916', 5), pins.unlock('111111', 5)]);
    expect(results.map((r) => r.ok)).toEqual([false, true, false]);
    expect(results[2]).toEqual({ ok: false, reason: 'wrong_pin', remainingAttempts: 4 });
  });

  it('an attempt is counted before its hash is worked out (a kill mid-hash still counts it)', async () => {
    const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'civicpass-pin-')), 't.db'));
    const pins = new PinStore(db, { maxFailures: 5, lockout: 60, maxLockout: 3600 });
    await pins.set('482916');
    const pending = pins.unlock('000000', 5);
    // scrypt takes tens of milliseconds; the count is in the database long before it answers.
    await new Promise((r) => setImmediate(r));
    expect(db.prepare('SELECT failures FROM staff_pin').get()).toEqual({ failures: 1 });
    await pending;
    expect(await pins.unlock('482916', 6)).toEqual({ ok: true });
    expect(db.prepare('SELECT failures FROM staff_pin').get()).toEqual({ failures: 0 });
  });
});
