import type { Enrolment } from '../sync/enrol';
import type { TimeKey } from '../sync/time-statement';
import type { Db } from './database';

/**
 * The terminal's security state, by key, with its type: who it is to its server, whether it was
 * withdrawn, the latest signed time it has seen, and the key that signs the server's time. Kept
 * in a table of its own, apart from the staff's settings, so that no settings code path can
 * write it.
 */
export interface SecurityValues {
  readonly enrolment: Enrolment;
  readonly device_revoked: boolean;
  readonly trusted_time: number;
  readonly time_key: TimeKey;
}

export type SecurityKey = keyof SecurityValues;

export class SecurityStore {
  private readonly getStmt;
  private readonly setStmt;

  constructor(db: Db) {
    this.getStmt = db.prepare<[string], { value: string }>('SELECT value FROM security_state WHERE key = ?');
    this.setStmt = db.prepare(
      'INSERT INTO security_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    );
  }

  get<K extends SecurityKey>(key: K): SecurityValues[K] | undefined {
    const row = this.getStmt.get(key);
    return row ? (JSON.parse(row.value) as SecurityValues[K]) : undefined;
  }

  set<K extends SecurityKey>(key: K, value: SecurityValues[K]): void {
    this.setStmt.run(key, JSON.stringify(value));
  }
}
