import { randomUUID } from 'node:crypto';
import type { Db } from './database';
import { processAlive } from '../process-alive';

interface Held {
  owner: string | null;
  pid: number;
  until: number;
}

/**
 * A lease in the database so that one sync cycle runs at a time even across processes (the kiosk
 * and a `civicpass sync` from a shell). A holder that died (killed, crashed) is detected by its
 * pid, so its lease does not block the next cycle; otherwise the lease expires after `seconds`.
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
      const held = row ? (JSON.parse(row.value) as Held) : null;
      const busy =
        held !== null && held.owner !== null && held.owner !== this.owner && held.until > now && processAlive(held.pid);
      if (busy) return false;
      write.run(JSON.stringify({ owner: this.owner, pid: process.pid, until: now + seconds } satisfies Held));
      return true;
    });
    this.give = db.transaction((): void => {
      const row = read.get();
      if (row && (JSON.parse(row.value) as Held).owner === this.owner) {
        write.run(JSON.stringify({ owner: null, pid: 0, until: 0 } satisfies Held));
      }
    });
  }

  /** Takes (or renews) the lease; false when another live process holds it. */
  acquire(now: number, seconds: number): boolean {
    return this.take.immediate(now, seconds);
  }

  release(): void {
    this.give.immediate();
  }
}
