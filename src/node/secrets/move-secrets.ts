import { createHash } from 'node:crypto';
import type { Db } from '../store/database';
import type { SecretVault } from './secret-vault';

/** A short fingerprint of a key, stored beside what it keyed so a mismatch can be noticed. */
export function keyFingerprint(key: string): string {
  return createHash('sha256').update(key).digest('base64url').slice(0, 16);
}

/**
 * Earlier versions kept the card-reference keys and the registry key in `terminal.db`, beside
 * the hashes they protect. Moves them into the vault and out of the database, once, in one
 * transaction after the vault has them (a crash in between leaves them in both, never nowhere).
 */
export function moveSecretsOutOfDatabase(db: Db, vault: SecretVault): void {
  const meta = (key: string): string | undefined =>
    db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?').get(key)?.value;
  const material = (kind: string): Record<string, unknown> | undefined => {
    const row = db.prepare<[string], { body: string }>('SELECT body FROM trust_material WHERE kind = ?').get(kind);
    return row ? (JSON.parse(row.body) as Record<string, unknown>) : undefined;
  };
  const cardRefKey = meta('card_ref_key');
  const venueKeyMeta = meta('venue_card_ref_key');
  const registryMeta = material('registry_meta');
  const venue = material('venue_config');
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  const registryKey = str(registryMeta?.['key']) ?? str(venue?.['registryKey']);
  const venueCardRefKey = venueKeyMeta ?? str(venue?.['cardRefKey']);
  if (!cardRefKey && !venueCardRefKey && !registryKey) return;
  vault.set({
    ...(cardRefKey && !vault.get('cardRefKey') ? { cardRefKey } : {}),
    ...(venueCardRefKey ? { venueCardRefKey } : {}),
    ...(registryKey ? { registryKey } : {}),
  });
  db.transaction(() => {
    db.prepare("DELETE FROM meta WHERE key IN ('card_ref_key', 'venue_card_ref_key')").run();
    if (registryMeta && registryKey) {
      const { key: _k, ...rest } = registryMeta;
      db.prepare("UPDATE trust_material SET body = ? WHERE kind = 'registry_meta'").run(
        JSON.stringify({ ...rest, keyId: keyFingerprint(registryKey) }),
      );
    }
    if (venue) {
      const { cardRefKey: _c, registryKey: _r, ...rest } = venue;
      db.prepare("UPDATE trust_material SET body = ? WHERE kind = 'venue_config'").run(JSON.stringify(rest));
    }
  })();
}
