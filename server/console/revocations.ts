/** Cards revoked or suspended today (the Europe/London day), from the audit log: console and `civicpass admin` alike. */
import { startOfLocalDay } from '../../src/core/calendar';
import type { SyncStorage } from '../storage/sync-storage';

export const SCHEME_TIME_ZONE = 'Europe/London';
export const CARD_WITHDRAWALS: readonly string[] = ['card.revoke', 'card.suspend'];

export async function revocationsToday(storage: SyncStorage, now: number): Promise<number> {
  const since = startOfLocalDay(now, SCHEME_TIME_ZONE);
  let count = 0;
  let beforeId: number | undefined;
  // Paged, newest first, until the day's start: a busy day does not load the whole log.
  for (;;) {
    const page = await storage.auditEntries({ limit: 500, since, ...(beforeId !== undefined ? { beforeId } : {}) });
    count += page.filter((e) => CARD_WITHDRAWALS.includes(e.action)).length;
    if (page.length < 500) return count;
    beforeId = page[page.length - 1]!.id;
  }
}
