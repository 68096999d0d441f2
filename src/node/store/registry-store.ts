import type { RegistryEntry, RegistryLookup } from '../../core/registry';
import type { Db } from './database';

/** The card registry: keyed hashes of NFC references and library numbers (docs/contract/credential-profile.md §6). */
export class RegistryStore implements RegistryLookup {
  private readonly getStmt;
  private readonly putStmt;
  private readonly deleteStmt;
  private readonly countStmt;

  constructor(private readonly db: Db) {
    this.getStmt = db.prepare<[string], { services: string; iss: string; status_uri: string; status_idx: number }>(
      'SELECT services, iss, status_uri, status_idx FROM registry WHERE ref_hash = ?',
    );
    this.putStmt = db.prepare(
      `INSERT INTO registry (ref_hash, services, iss, status_uri, status_idx) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (ref_hash) DO UPDATE SET services = excluded.services, iss = excluded.iss,
         status_uri = excluded.status_uri, status_idx = excluded.status_idx`,
    );
    this.deleteStmt = db.prepare('DELETE FROM registry WHERE ref_hash = ?');
    this.countStmt = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM registry');
  }

  lookup(refHash: string): RegistryEntry | null {
    const row = this.getStmt.get(refHash);
    if (!row) return null;
    return {
      refHash,
      services: JSON.parse(row.services) as string[],
      iss: row.iss,
      statusUri: row.status_uri,
      statusIndex: row.status_idx,
    };
  }

  /** Applies a batch of changes (a page of the registry feed, or a whole import) atomically. */
  apply(changes: { upsert: readonly RegistryEntry[]; remove: readonly string[]; replaceAll?: boolean }): void {
    this.db.transaction(() => {
      if (changes.replaceAll) this.db.exec('DELETE FROM registry');
      for (const e of changes.upsert)
        this.putStmt.run(e.refHash, JSON.stringify(e.services), e.iss, e.statusUri, e.statusIndex);
      for (const h of changes.remove) this.deleteStmt.run(h);
    })();
  }

  count(): number {
    return this.countStmt.get()?.n ?? 0;
  }
}
