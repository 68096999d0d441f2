import type { Reason, Warning } from './reasons';
import { statusListFreshness, trustListFreshness, type StalenessPolicy } from './staleness';
import type { Seconds } from './time';
import type { TrustMaterial } from './trust-material';

/**
 * The status stage of verification, shared by signed tokens and registry references: finds the
 * card's status list (which must belong to the card's issuer), judges its freshness, and maps
 * the entry to a reason. Also collects the staleness warnings for a card that passes.
 */
export function checkStatus(
  material: TrustMaterial,
  card: { readonly iss: string; readonly statusUri: string; readonly statusIndex: number },
  now: Seconds,
  policy: StalenessPolicy,
  clockSuspect: boolean,
): { reason: Reason; warnings: Warning[] } {
  const none = (reason: Reason): { reason: Reason; warnings: Warning[] } => ({ reason, warnings: [] });
  const list = material.statusLists.get(card.statusUri);
  if (!list || list.issuer !== card.iss) return none('status_unavailable');
  const freshness = statusListFreshness(list, now, policy);
  if (freshness === 'unusable') return none('status_unavailable');
  const status = list.statuses.get(card.statusIndex);
  if (status === null) return none('status_unavailable');
  if (status === 2) return none('suspended');
  if (status !== 0) return none('revoked');
  const warnings: Warning[] = [];
  if (material.trust && trustListFreshness(material.trust, now, policy) === 'stale') warnings.push('trust_stale');
  if (freshness === 'stale') warnings.push('status_stale');
  if (clockSuspect) warnings.push('clock_suspect');
  return { reason: 'ok', warnings };
}
