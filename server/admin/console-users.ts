import { CONSOLE_ROLES, type ConsoleRole } from '../../src/contract/console-api';
import { hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../console/passwords';
import type { SyncStorage } from '../storage/sync-storage';

/** Why an account cannot be made as asked: the operator's to fix. */
export class ConsoleUserError extends Error {
  constructor(
    message: string,
    readonly code: 'usage' | 'conflict' = 'usage',
  ) {
    super(message);
  }
}

/** A plain check, not RFC 5322: one @, no spaces, a dot in the domain, at most 254 characters. */
const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]+$/;

/** The form emails are compared and stored in: trimmed, lower case. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export interface NewAccount {
  readonly email: string;
  readonly role: string;
  readonly venueId: string | null;
  readonly password: string;
}

/**
 * Makes a console account, checked before anything is written: a valid email not yet used, a
 * role, a venue (that exists) for a venue manager and for nobody else, a password of 12 to 1024
 * characters. Audited as `user.add` without the password or its hash.
 */
export async function addConsoleAccount(
  storage: SyncStorage,
  account: NewAccount,
  now: number,
  actor: string,
): Promise<{ email: string; role: ConsoleRole; venueId: string | null }> {
  const email = normaliseEmail(account.email);
  if (email.length > 254 || !EMAIL.test(email)) throw new ConsoleUserError(`--email ${account.email} is not an email`);
  if (!(CONSOLE_ROLES as readonly string[]).includes(account.role))
    throw new ConsoleUserError(`--role must be one of ${CONSOLE_ROLES.join(', ')}`);
  const role = account.role as ConsoleRole;
  if (role === 'venue_manager' && account.venueId === null)
    throw new ConsoleUserError('--venue is required for a venue_manager');
  if (role !== 'venue_manager' && account.venueId !== null)
    throw new ConsoleUserError(`--venue is only for a venue_manager, not a ${role}`);
  if (account.venueId !== null && !(await storage.getVenue(account.venueId)))
    throw new ConsoleUserError(`no venue ${account.venueId}`);
  const length = [...account.password].length;
  if (length < MIN_PASSWORD_LENGTH || length > MAX_PASSWORD_LENGTH)
    throw new ConsoleUserError(`the password must be ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters`);
  if (await storage.getConsoleUser(email)) throw new ConsoleUserError(`${email} already has an account`, 'conflict');
  const after = { email, role, venueId: account.venueId };
  await storage.addConsoleUser(
    { ...after, passwordHash: await hashPassword(account.password), createdAt: now },
    { at: now, actor, action: 'user.add', target: email, before: null, after },
  );
  return after;
}
