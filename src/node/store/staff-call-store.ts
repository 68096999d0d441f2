import type { StaffCall } from '../../contract/terminal-api';
import type { Seconds } from '../../core/time';
import type { Db } from './database';

/** Help calls from the venue's kiosks, as pulled from the sync server. */
export class StaffCallStore {
  private readonly insert;
  private readonly since;

  constructor(db: Db) {
    this.insert = db.prepare(
      'INSERT INTO staff_calls (id, at, from_label, received_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING',
    );
    this.since = db.prepare<[number], { id: string; at: number; from_label: string }>(
      'SELECT id, at, from_label FROM staff_calls WHERE at >= ? ORDER BY at DESC LIMIT 20',
    );
  }

  /** Records a call; true when it is new to this terminal (a page re-fetched is not a new call). */
  record(call: StaffCall, now: Seconds): boolean {
    return this.insert.run(call.id, call.at, call.from, now).changes === 1;
  }

  recent(since: Seconds): StaffCall[] {
    return this.since.all(since).map((r) => ({ id: r.id, at: r.at, from: r.from_label }));
  }
}
