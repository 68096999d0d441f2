import { importPublicKey, KeyError, type VerificationKey } from './keys';

/**
 * Trust anchors: the public key(s) pinned at install or enrolment that sign the trust list.
 * Accepts one public JWK or a JWK set `{"keys": [...]}` (several, for rotation).
 */
export async function importAnchors(raw: unknown): Promise<VerificationKey[]> {
  const list: unknown[] =
    typeof raw === 'object' && raw !== null && Array.isArray((raw as { keys?: unknown }).keys)
      ? (raw as { keys: unknown[] }).keys
      : [raw];
  if (list.length === 0) throw new KeyError('the anchor key set is empty');
  const keys: VerificationKey[] = [];
  for (const [i, jwk] of list.entries()) {
    try {
      keys.push(await importPublicKey(jwk, { requireKid: false, requireUseSig: false }));
    } catch (e) {
      throw new KeyError(`anchor key ${i}: ${(e as Error).message}`);
    }
  }
  return keys;
}
