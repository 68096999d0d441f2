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
