import type { VerificationKey } from './keys';
import type { Inflater } from './ports';
import { StatusListError, verifyStatusList, type VerifiedStatusList } from './status-list';
import { TrustListError, verifyTrustList, type VerifiedTrustList } from './trust-list';

export interface MaterialProblem {
  readonly what: 'trust_list' | 'status_list';
  readonly problem: string;
  readonly message: string;
}

/**
 * Everything a verifier trusts, checked and precomputed once (imported keys, decoded status
 * lists), so that each scan only does lookups and one signature check. Immutable: a change of
 * material builds a new instance, and a failed change keeps the old one.
 */
export class TrustMaterial {
  private constructor(
    readonly anchors: readonly VerificationKey[],
    readonly trust: VerifiedTrustList | null,
    readonly statusLists: ReadonlyMap<string, VerifiedStatusList>,
  ) {}

  static empty(anchors: readonly VerificationKey[]): TrustMaterial {
    return new TrustMaterial(anchors, null, new Map());
  }

  /** The latest `iat` among the signed material: what it vouches the time is at least. */
  get latestSignedTime(): number {
    let t = this.trust?.iat ?? 0;
    for (const l of this.statusLists.values()) t = Math.max(t, l.iat);
    return t;
  }

  /**
   * Replaces the trust list. Status lists are re-verified against the new issuers and dropped
   * when no longer trusted. Throws TrustListError (the caller keeps this instance).
   */
  async withTrustList(
    compact: string,
    inflater: Inflater,
  ): Promise<{ material: TrustMaterial; problems: MaterialProblem[] }> {
    const trust = await verifyTrustList(compact, this.anchors, {
      heldSeq: this.trust?.seq ?? null,
      heldCompact: this.trust?.compact ?? null,
    });
    if (this.trust && this.trust.compact === trust.compact) return { material: this, problems: [] };
    let material = new TrustMaterial(this.anchors, trust, new Map());
    const problems: MaterialProblem[] = [];
    for (const list of this.statusLists.values()) {
      const next = await material.withStatusList(list.compact, inflater);
      if (next.problem) problems.push(next.problem);
      material = next.material;
    }
    return { material, problems };
  }

  /**
   * Adds or replaces one status list. A list that fails verification, or is older than the one
   * held for the same URI, is refused and the current copy kept.
   */
  async withStatusList(
    compact: string,
    inflater: Inflater,
  ): Promise<{ material: TrustMaterial; problem?: MaterialProblem }> {
    if (!this.trust) {
      return {
        material: this,
        problem: { what: 'status_list', problem: 'no_trust_list', message: 'no trust list to verify it against' },
      };
    }
    let list: VerifiedStatusList;
    try {
      list = await verifyStatusList(compact, this.trust, inflater);
    } catch (e) {
      if (!(e instanceof StatusListError)) throw e;
      return { material: this, problem: { what: 'status_list', problem: e.problem, message: e.message } };
    }
    const held = this.statusLists.get(list.uri);
    if (held && held.iat > list.iat) {
      return {
        material: this,
        problem: {
          what: 'status_list',
          problem: 'rollback',
          message: `status list ${list.uri} is older than the one held`,
        },
      };
    }
    const lists = new Map(this.statusLists);
    lists.set(list.uri, list);
    return { material: new TrustMaterial(this.anchors, this.trust, lists) };
  }

  /** Builds material from files or a cache in one go, collecting the problems of each piece. */
  static async load(input: {
    anchors: readonly VerificationKey[];
    trustList: string | null;
    statusLists: readonly string[];
    inflater: Inflater;
  }): Promise<{ material: TrustMaterial; problems: MaterialProblem[] }> {
    let material = TrustMaterial.empty(input.anchors);
    const problems: MaterialProblem[] = [];
    if (input.trustList !== null) {
      try {
        material = (await material.withTrustList(input.trustList, input.inflater)).material;
      } catch (e) {
        if (!(e instanceof TrustListError)) throw e;
        problems.push({ what: 'trust_list', problem: e.problem, message: e.message });
      }
    }
    for (const compact of input.statusLists) {
      const next = await material.withStatusList(compact, input.inflater);
      if (next.problem) problems.push(next.problem);
      material = next.material;
    }
    return { material, problems };
  }
}
