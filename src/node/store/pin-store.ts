import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { Seconds } from '../../core/time';
import type { Db } from './database';

/** scrypt parameters: ~50 ms on a kiosk PC, far too slow for guessing a 4-8 digit PIN at scale. */
const SCRYPT = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;
const KEY_LENGTH = 32;

export interface PinPolicy {
  /** Failed attempts before a lockout. */
  readonly maxFailures: number;
  /** First lockout; it doubles with each further failure, up to `maxLockout`. */
  readonly lockout: Seconds;
  readonly maxLockout: Seconds;
}

export const DEFAULT_PIN_POLICY: PinPolicy = { maxFailures: 5, lockout: 60, maxLockout: 3600 };

export type UnlockResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'wrong_pin'; readonly remainingAttempts: number }
  | { readonly ok: false; readonly reason: 'locked'; readonly lockedUntil: Seconds }
  | { readonly ok: false; readonly reason: 'no_pin' };

function derive(pin: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(pin.normalize('NFKC'), salt, KEY_LENGTH, SCRYPT, (e, key) => (e ? reject(e) : resolve(key))),
  );
}

export function isValidPin(pin: unknown): pin is string {
  return typeof pin === 'string' && /^[0-9]{4,12}$/.test(pin);
}

type Counted =
  | { readonly kind: 'no_pin' }
  | { readonly kind: 'locked'; readonly lockedUntil: Seconds }
  | {
      readonly kind: 'counted';
      readonly hash: string;
      readonly salt: string;
      readonly failures: number;
      readonly lockedUntil: Seconds | null;
    };

/**
 * The staff PIN: a scrypt hash, attempt counting and lockout that survive restarts. Attempts are
 * taken one at a time, and each is counted as a failure (in one transaction, before the slow
 * hash) until it proves right: hundreds of guesses sent at once cannot all pass the lockout
 * check before the first is counted, and a process killed mid-hash has still counted it.
 */
export class PinStore {
  private readonly getRow;
  private readonly upsert;
  private readonly recordFailure;
  private readonly reset;
  private readonly count: (now: Seconds) => Counted;
  /** Unlock and set calls, in order, never two at once. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    db: Db,
    private readonly policy: PinPolicy = DEFAULT_PIN_POLICY,
  ) {
    this.getRow = db.prepare<[], { hash: string; salt: string; failures: number; locked_until: number | null }>(
      'SELECT hash, salt, failures, locked_until FROM staff_pin WHERE id = 1',
    );
    this.upsert = db.prepare(
      `INSERT INTO staff_pin (id, hash, salt, failures, locked_until) VALUES (1, ?, ?, 0, NULL)
       ON CONFLICT (id) DO UPDATE SET hash = excluded.hash, salt = excluded.salt, failures = 0, locked_until = NULL`,
    );
    this.recordFailure = db.prepare('UPDATE staff_pin SET failures = ?, locked_until = ? WHERE id = 1');
    this.reset = db.prepare('UPDATE staff_pin SET failures = 0, locked_until = NULL WHERE id = 1');
    this.count = db.transaction((now: Seconds): Counted => {
      const row = this.getRow.get();
      if (!row) return { kind: 'no_pin' };
      if (row.locked_until !== null && now < row.locked_until) return { kind: 'locked', lockedUntil: row.locked_until };
      const failures = row.failures + 1;
      const lockedUntil = failures >= this.policy.maxFailures ? now + this.lockoutFor(failures) : null;
      this.recordFailure.run(failures, lockedUntil);
      return { kind: 'counted', hash: row.hash, salt: row.salt, failures, lockedUntil };
    });
  }

  private lockoutFor(failures: number): Seconds {
    const doublings = failures - this.policy.maxFailures;
    return Math.min(this.policy.lockout * 2 ** doublings, this.policy.maxLockout);
  }

  /** Runs `work` after every earlier unlock or set has finished. */
  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  isSet(): boolean {
    return this.getRow.get() !== undefined;
  }

  set(pin: string): Promise<void> {
    if (!isValidPin(pin)) return Promise.reject(new RangeError('a PIN is 4 to 12 digits'));
    return this.serial(async () => {
      const salt = randomBytes(16);
      const hash = await derive(pin, salt);
      this.upsert.run(hash.toString('base64url'), salt.toString('base64url'));
    });
  }

  unlock(pin: string, now: Seconds): Promise<UnlockResult> {
    return this.serial(async (): Promise<UnlockResult> => {
      const counted = this.count(now);
      if (counted.kind === 'no_pin') return { ok: false, reason: 'no_pin' };
      if (counted.kind === 'locked') return { ok: false, reason: 'locked', lockedUntil: counted.lockedUntil };
      const candidate = await derive(typeof pin === 'string' ? pin : '', Buffer.from(counted.salt, 'base64url'));
      const expected = Buffer.from(counted.hash, 'base64url');
      if (candidate.length === expected.length && timingSafeEqual(candidate, expected)) {
        this.reset.run();
        return { ok: true };
      }
      if (counted.lockedUntil !== null) return { ok: false, reason: 'locked', lockedUntil: counted.lockedUntil };
      return { ok: false, reason: 'wrong_pin', remainingAttempts: this.policy.maxFailures - counted.failures };
    });
  }
}
