import type { TerminalEvent } from '../../core/sync-protocol';
import type { Seconds } from '../../core/time';
import type { Db } from './database';

export interface OutboxRow {
  readonly seq: number;
  readonly event: TerminalEvent;
}

/**
 * The outbox as the sync client sees it: read in order, in batches (never loaded whole), and
 * emptied only of what the server confirmed or refused for good.
 */
export class OutboxStore {
  private readonly batch;
  private readonly remove;
  private readonly markAttempt;
  private readonly reject;

  constructor(private readonly db: Db) {
    this.batch = db.prepare<[number, number], { seq: number; body: string }>(
      'SELECT seq, body FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?',
    );
    this.remove = db.prepare('DELETE FROM outbox WHERE event_id = ?');
    this.markAttempt = db.prepare('UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE event_id = ?');
    this.reject = db.prepare(
      `INSERT INTO rejected_events (event_id, body, reason, rejected_at)
       SELECT event_id, body, ?, ? FROM outbox WHERE event_id = ? ON CONFLICT (event_id) DO NOTHING`,
    );
  }

  /** Up to `limit` events queued after `afterSeq`, oldest first. */
  next(afterSeq: number, limit: number): OutboxRow[] {
    return this.batch.all(afterSeq, limit).map((r) => ({ seq: r.seq, event: JSON.parse(r.body) as TerminalEvent }));
  }

  /** Applies the server's answers for one batch in one transaction. */
  settle(
    answers: readonly { id: string; outcome: 'delivered' | 'rejected' | 'retry'; reason?: string }[],
    now: Seconds,
  ): void {
    this.db.transaction(() => {
      for (const a of answers) {
        if (a.outcome === 'delivered') this.remove.run(a.id);
        else if (a.outcome === 'rejected') {
          this.reject.run(a.reason ?? 'rejected', now, a.id);
          this.remove.run(a.id);
        } else this.markAttempt.run(a.reason ?? null, a.id);
      }
    })();
  }
}
