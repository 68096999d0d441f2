/**
 * Console sessions: a 256-bit random token in the cookie, only its SHA-256 in storage (a copy of
 * the database signs nobody in), a CSRF token per session, and both limits checked on every
 * request against the server's clock.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { ConsoleSessionRecord, ConsoleUserRecord, SyncStorage } from '../storage/sync-storage';

export const IDLE_SECONDS = 30 * 60;
export const ABSOLUTE_SECONDS = 12 * 60 * 60;

const hashToken = (token: string): string => createHash('sha256').update(token).digest('base64url');
const newToken = (): string => randomBytes(32).toString('base64url');

export interface ActiveSession {
  readonly session: ConsoleSessionRecord;
  readonly user: ConsoleUserRecord;
}

export class ConsoleSessions {
  constructor(private readonly storage: SyncStorage) {}

  /**
   * A new session for a user who has just signed in, always under a new token: whatever session
   * cookie the request carried (a planted one included) is ended, never promoted.
   */
  async start(
    user: ConsoleUserRecord,
    now: number,
    previousToken: string | null,
  ): Promise<ActiveSession & { token: string }> {
    if (previousToken !== null) await this.storage.deleteConsoleSession(hashToken(previousToken));
    // Sign-ins are rare: a good moment to drop the sessions that ended.
    await this.storage.pruneConsoleSessions(now, now - IDLE_SECONDS);
    const token = newToken();
    const session: ConsoleSessionRecord = {
      id: hashToken(token),
      userId: user.id,
      csrf: newToken(),
      createdAt: now,
      lastSeenAt: now,
      expiresAt: now + ABSOLUTE_SECONDS,
    };
    await this.storage.createConsoleSession(session);
    return { token, session, user };
  }

  /** The live session of a token, its idle clock restarted; null (and deleted) once either limit has passed. */
  async resume(token: string, now: number): Promise<ActiveSession | null> {
    const id = hashToken(token);
    const session = await this.storage.getConsoleSession(id);
    if (!session) return null;
    if (now >= session.expiresAt || now - session.lastSeenAt >= IDLE_SECONDS) {
      await this.storage.deleteConsoleSession(id);
      return null;
    }
    const user = await this.storage.getConsoleUserById(session.userId);
    if (!user) return null;
    if (!(await this.storage.touchConsoleSession(id, now))) return null;
    return { session: { ...session, lastSeenAt: now }, user };
  }

  async end(token: string): Promise<void> {
    await this.storage.deleteConsoleSession(hashToken(token));
  }
}
