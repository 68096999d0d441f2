import { randomUUID } from 'node:crypto';
import type { Db } from './database';

/**
 * A lease in the database so that one sync cycle runs at a time even across processes (the kiosk
 * and a `civicpass sync` from a shell). A crashed holder's lease simply expires.
 */
export class SyncLease {
  private readonly owner = randomUUID();
  private readonly take;
  private readonly give;

  constructor(db: Db) {
    const read = db.prepare<[], { value: string }>("SELECT value FROM meta WHERE key = 'sync_lease'");
    const write = db.prepare(
      "INSERT INTO meta (key, value) VALUES ('sync_lease', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    );
    this.take = db.transaction((now: number, seconds: number): boolean => {
      const row = read.get();
      const held = row ? (JSON.parse(row.value) as { owner: string; until: number }) : null;
      if (held && held.owner !== this.owner && held.until > now) return false;
      write.run(JSON.stringify({ owner: this.owner, until: now + seconds }));
      return true;
    });
    this.give = db.transaction((): void => {
      const row = read.get();
      if (row && (JSON.parse(row.value) as { owner: string }).owner === this.owner)
        write.run(JSON.stringify({ owner: null, until: 0 }));
    });
  }

  acquire(now: number, seconds: number): boolean {
    return this.take.immediate(now, seconds);
  }

  release(): void {
    this.give.immediate();
  }
}
