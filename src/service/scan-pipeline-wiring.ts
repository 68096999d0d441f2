import type { StalenessPolicy } from '../core/staleness';
import { CardVerifier } from '../core/verifier';
import { KeyedHash } from '../node/store/keyed-hash';
import { nodeSignatures } from '../node/node-signatures';
import type { TerminalParts } from './compose';
import { ScanPipeline } from './scan-pipeline';

/**
 * The scan pipeline over the terminal's parts: the verifier (node:crypto signatures), one context
 * snapshot per scan, the registry's keyed hash (remade only when the deployment's key changes).
 */
export function scanPipelineFor(
  parts: TerminalParts,
  deps: {
    /** The venue's staleness policy with the staff's overrides. */
    readonly staleness: () => StalenessPolicy;
    /** Why the terminal may not verify (withdrawn), or null. */
    readonly blocked: () => string | null;
  },
): ScanPipeline {
  const { trust, clock, system, scans } = parts;
  const verifier = new CardVerifier({ material: () => trust.material, clock, policy: deps.staleness }, nodeSignatures);
  let registryHash: { key: string; hasher: KeyedHash } | null = null;
  return new ScanPipeline({
    verifier,
    context: () => {
      const venue = trust.venue;
      return {
        material: trust.material,
        venue,
        policy: deps.staleness(),
        settings: parts.staffSettings.read(venue),
        clock: clock.read(),
      };
    },
    registry: parts.registry,
    registryRef: (reference) => {
      const key = trust.registryKey;
      if (key === null) return null;
      if (registryHash?.key !== key) registryHash = { key, hasher: new KeyedHash(Buffer.from(key, 'base64url')) };
      return registryHash.hasher.ref(reference);
    },
    store: scans,
    cardRefs: parts.keyring,
    blocked: deps.blocked,
    nowMs: () => system.now() * 1000,
  });
}
