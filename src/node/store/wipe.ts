import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { SecretVault } from '../secrets/secret-vault';
import type { Db } from './database';

/**
 * A withdrawn terminal keeps nothing that could lead back to a person: no card references (in
 * the log, redemptions, queued or set-aside events), no registry hashes, no keys that made them,
 * no venue configuration with its keys, and no device key. The database is then checkpointed
 * and vacuumed, so the deleted rows are not left in the write-ahead log or in free pages. The
 * bare scan log (times, outcomes) stays: it holds nothing personal.
 */
export function wipePersonalData(db: Db, vault: SecretVault, dataDir: string): void {
  db.transaction(() => {
    db.exec(`
      UPDATE scan_log SET card_ref = NULL;
      DELETE FROM redemptions;
      DELETE FROM outbox;
      DELETE FROM rejected_events;
      DELETE FROM registry;
      DELETE FROM staff_calls;
      DELETE FROM trust_material WHERE kind IN ('venue_config', 'registry_meta');
      DELETE FROM meta WHERE key IN ('card_ref_key', 'venue_card_ref_key');
    `);
  })();
  vault.wipe();
  for (const file of ['device-key.jwk', 'device-key.sealed']) rmSync(join(dataDir, file), { force: true });
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.exec('VACUUM');
  db.pragma('wal_checkpoint(TRUNCATE)');
}
