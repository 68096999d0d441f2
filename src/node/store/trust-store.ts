import type { Seconds } from '../../core/time';
import type { Db } from './database';

export type MaterialKind = 'anchor' | 'trust_list' | 'venue_config' | 'registry_meta';

export interface StoredMaterial {
  readonly body: string;
  readonly etag: string | null;
  readonly fetchedAt: Seconds;
  readonly source: string;
}

export interface StoredStatusList {
  readonly uri: string;
  readonly body: string;
  readonly etag: string | null;
  readonly fetchedAt: Seconds;
}

/**
 * Trust material exactly as received (compact JWS, JSON), with its fetch metadata. It is
 * verified by core before it is saved, and again whenever it is loaded.
 */
export class TrustStore {
  private readonly getStmt;
  private readonly putStmt;
  private readonly listStatus;
  private readonly putStatus;
  private readonly deleteStatus;

  constructor(private readonly db: Db) {
    this.getStmt = db.prepare<[string], { body: string; etag: string | null; fetched_at: number; source: string }>(
      'SELECT body, etag, fetched_at, source FROM trust_material WHERE kind = ?',
    );
    this.putStmt = db.prepare(
      `INSERT INTO trust_material (kind, body, etag, fetched_at, source) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (kind) DO UPDATE SET body = excluded.body, etag = excluded.etag,
         fetched_at = excluded.fetched_at, source = excluded.source`,
    );
    this.listStatus = db.prepare<[], { uri: string; body: string; etag: string | null; fetched_at: number }>(
      'SELECT uri, body, etag, fetched_at FROM status_lists ORDER BY uri',
    );
    this.putStatus = db.prepare(
      `INSERT INTO status_lists (uri, body, etag, fetched_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (uri) DO UPDATE SET body = excluded.body, etag = excluded.etag, fetched_at = excluded.fetched_at`,
    );
    this.deleteStatus = db.prepare('DELETE FROM status_lists WHERE uri = ?');
  }

  get(kind: MaterialKind): StoredMaterial | null {
    const row = this.getStmt.get(kind);
    return row ? { body: row.body, etag: row.etag, fetchedAt: row.fetched_at, source: row.source } : null;
  }

  put(kind: MaterialKind, m: StoredMaterial): void {
    this.putStmt.run(kind, m.body, m.etag, m.fetchedAt, m.source);
  }

  statusLists(): StoredStatusList[] {
    return this.listStatus.all().map((r) => ({ uri: r.uri, body: r.body, etag: r.etag, fetchedAt: r.fetched_at }));
  }

  putStatusList(list: StoredStatusList): void {
    this.putStatus.run(list.uri, list.body, list.etag, list.fetchedAt);
  }

  removeStatusList(uri: string): void {
    this.deleteStatus.run(uri);
  }

  /** Replaces several pieces at once, so a crash never leaves a half-imported set. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }
}
