/**
 * Signing in, with the lockout: after 5 failed sign-ins for an email (an account or not) within
 * 15 minutes, every attempt for it fails for the next 15 minutes, the right password included.
 * Every failure (wrong password, unknown email, locked) is the same answer after the same work
 * (one scrypt), so the answer tells nobody whether an account exists or is locked.
 */
import type { ConsoleUserRecord, SyncStorage } from '../storage/sync-storage';
import { normaliseEmail } from '../admin/console-users';
import { dummyHash, verifyPassword } from './passwords';

export const LOCKOUT_FAILURES = 5;
export const LOCKOUT_WINDOW_SECONDS = 15 * 60;
export const LOCKOUT_SECONDS = 15 * 60;

/**
 * Whether earlier failures (oldest first) lock the email at `now`: some 5 of them fell within
 * 15 minutes, the last of those less than 15 minutes ago. Attempts refused by a lockout are not
 * failures, so the lockout ends 15 minutes after the failure that started it.
 */
export function isLockedOut(failures: readonly number[], now: number): boolean {
  for (let i = LOCKOUT_FAILURES - 1; i < failures.length; i++) {
    const last = failures[i]!;
    if (last - failures[i - LOCKOUT_FAILURES + 1]! <= LOCKOUT_WINDOW_SECONDS && now - last < LOCKOUT_SECONDS)
      return true;
  }
  return false;
}

export type SignInOutcome = 'ok' | 'failed' | 'locked';

export class SignIn {
  constructor(private readonly storage: SyncStorage) {}

  /** The user, or null with why (for the log only: the answer is the same for every failure). */
  async attempt(
    rawEmail: string,
    password: string,
    now: number,
  ): Promise<{ user: ConsoleUserRecord | null; outcome: SignInOutcome }> {
    const email = normaliseEmail(rawEmail);
    // Recorded as a failure first, atomically, so a burst of parallel guesses is counted as it comes.
    const { id, earlier } = await this.storage.recordSignInAttempt(
      email,
      now,
      now - LOCKOUT_WINDOW_SECONDS - LOCKOUT_SECONDS,
    );
    const locked = isLockedOut(earlier, now);
    const user = locked ? null : await this.storage.getConsoleUser(email);
    const matches = await verifyPassword(password, user?.passwordHash ?? (await dummyHash()));
    if (locked) {
      await this.storage.forgetSignInAttempt(id);
      return { user: null, outcome: 'locked' };
    }
    if (!user || !matches) return { user: null, outcome: 'failed' };
    await this.storage.clearSignInFailures(email);
    return { user, outcome: 'ok' };
  }
}
