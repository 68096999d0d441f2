import { importAnchors } from '../core/anchors';
import type { MaterialProblem } from '../core/trust-material';
import { TrustMaterial } from '../core/trust-material';
import { TrustListError } from '../core/trust-list';
import { DEFAULT_VENUE, parseVenueConfig, type VenueConfig } from '../core/venue-config';
import type { RegistryEntry } from '../core/registry';
import { zlibInflater } from '../node/zlib-inflater';
import { keyFingerprint } from '../node/secrets/move-secrets';
import type { SecretVault } from '../node/secrets/secret-vault';
import type { RegistryStore } from '../node/store/registry-store';
import type { TrustStore } from '../node/store/trust-store';
import type { SyncTrustPort } from '../node/sync/trust-port';

/** Trust material from files was refused; nothing was stored. */
export class TrustImportError extends Error {}

/**
 * Registry metadata as stored: the sync cursor, and a fingerprint of the key the stored hashes
 * were made with (the key itself lives in the vault, never beside the hashes).
 */
export interface RegistryMeta {
  readonly cursor: string | null;
  readonly keyId: string | null;
}

export interface TrustFilesInput {
  readonly anchor: unknown;
  readonly trustList: string;
  readonly statusLists: readonly string[];
  readonly venue?: unknown;
  readonly registry?: { readonly key: string; readonly entries: readonly RegistryEntry[] };
  readonly source: string;
}

/**
 * The terminal's trust material in memory and in the database. Everything is verified by core
 * before it is stored, and re-verified from the stored copies at start-up, so a tampered
 * database cannot smuggle in a key.
 */
export class TrustState implements SyncTrustPort {
  private current: TrustMaterial = TrustMaterial.empty([]);
  private venueConfig: VenueConfig = DEFAULT_VENUE;
  private registryMeta: RegistryMeta | null = null;
  readonly problems: MaterialProblem[] = [];

  constructor(
    private readonly store: TrustStore,
    private readonly registry: RegistryStore,
    private readonly vault: SecretVault,
  ) {}

  get material(): TrustMaterial {
    return this.current;
  }

  get venue(): VenueConfig {
    return this.venueConfig;
  }

  get registryKey(): string | null {
    return this.vault.get('registryKey') ?? null;
  }

  /** Loads and re-verifies what the database holds. Problems are kept, never thrown. */
  async load(): Promise<void> {
    this.problems.length = 0;
    const anchor = this.store.get('anchor');
    if (!anchor) return;
    const anchors = await importAnchors(JSON.parse(anchor.body));
    const { material, problems } = await TrustMaterial.load({
      anchors,
      trustList: this.store.get('trust_list')?.body ?? null,
      statusLists: this.store.statusLists().map((l) => l.body),
      inflater: zlibInflater,
    });
    this.current = material;
    this.problems.push(...problems);
    const venue = this.store.get('venue_config');
    if (venue) this.venueConfig = parseVenueConfig(JSON.parse(venue.body));
    const reg = this.store.get('registry_meta');
    if (reg) this.registryMeta = JSON.parse(reg.body) as RegistryMeta;
  }

  /** The ETag of a stored piece, for conditional requests. */
  etag(kind: 'trust_list' | 'venue_config'): string | null {
    return this.store.get(kind)?.etag ?? null;
  }

  statusEtag(uri: string): string | null {
    return this.store.statusLists().find((l) => l.uri === uri)?.etag ?? null;
  }

  /** The venue's shared card-reference key, once its configuration brought one. */
  get venueCardRefKey(): string | null {
    return this.vault.get('venueCardRefKey') ?? null;
  }

  /** Where registry sync goes on from; null (from the start) when the stored hashes were made with another key. */
  get registryCursor(): string | null {
    const key = this.registryKey;
    if (!key || this.registryMeta?.keyId !== keyFingerprint(key)) return null;
    return this.registryMeta.cursor;
  }

  /** The venue configuration document as last stored (with the sync-only fields). */
  storedVenueDocument(): Record<string, unknown> | null {
    const stored = this.store.get('venue_config');
    return stored ? (JSON.parse(stored.body) as Record<string, unknown>) : null;
  }

  /** Pins the anchor received at enrolment (only when none is pinned yet). */
  pinAnchor(anchor: unknown, anchors: TrustMaterial['anchors'], now: number): void {
    if (this.store.get('anchor')) return;
    this.store.put('anchor', { body: JSON.stringify(anchor), etag: null, fetchedAt: now, source: 'enrolment' });
    this.current = TrustMaterial.empty(anchors);
  }

  /**
   * A trust list from the network: verified against the pinned anchors (rollback refused) before
   * it replaces the held one. Throws TrustListError and keeps the held copy on refusal.
   */
  async applyTrustList(compact: string, etag: string | null, now: number): Promise<MaterialProblem[]> {
    const { material, problems } = await this.current.withTrustList(compact, zlibInflater);
    this.store.transaction(() => {
      this.store.put('trust_list', { body: material.trust!.compact, etag, fetchedAt: now, source: 'sync' });
      // Status lists dropped by the new list (signer no longer trusted) leave the cache too.
      for (const held of this.store.statusLists())
        if (!material.statusLists.has(held.uri)) this.store.removeStatusList(held.uri);
    });
    this.current = material;
    return problems;
  }

  /** A status list from the network; refused (problem returned) without touching the held copy. */
  async applyStatusList(compact: string, etag: string | null, now: number): Promise<MaterialProblem | null> {
    const next = await this.current.withStatusList(compact, zlibInflater);
    if (next.problem) return next.problem;
    this.current = next.material;
    const list = [...next.material.statusLists.values()].find((l) => l.compact === compact.trim());
    if (list) this.store.putStatusList({ uri: list.uri, body: list.compact, etag, fetchedAt: now });
    return null;
  }

  /**
   * The venue configuration from the network; a document that does not parse is refused. Its
   * keys go to the vault (the venue's card-reference key here; the registry key with the
   * registry it keys), never into the database.
   */
  applyVenueConfig(document: Record<string, unknown>, etag: string | null, now: number): VenueConfig {
    const venue = parseVenueConfig(document);
    const { cardRefKey, registryKey: _r, ...rest } = document;
    if (typeof cardRefKey === 'string' && Buffer.from(cardRefKey, 'base64url').length >= 32)
      this.vault.set({ venueCardRefKey: cardRefKey });
    const stored = this.keepLmsPassword(rest);
    this.store.put('venue_config', { body: JSON.stringify(stored), etag, fetchedAt: now, source: 'sync' });
    this.venueConfig = venue;
    return venue;
  }

  /**
   * The library system's password, when the configuration delivers one, goes to the vault; the
   * document kept in the database has none. (A configuration without one keeps the password set
   * in Admin.)
   */
  private keepLmsPassword(document: Record<string, unknown>): Record<string, unknown> {
    const lms = document['lms'];
    if (typeof lms !== 'object' || lms === null || Array.isArray(lms)) return document;
    if (!('password' in lms) && !('terminalPassword' in lms)) return document;
    const { password, terminalPassword, ...link } = lms as Record<string, unknown>;
    if (typeof password === 'string' && password !== '') this.vault.set({ lmsPassword: password });
    if (typeof terminalPassword === 'string' && terminalPassword !== '')
      this.vault.set({ lmsTerminalPassword: terminalPassword });
    return { ...document, lms: link };
  }

  /** One page of registry changes, applied atomically with the cursor that follows it. */
  applyRegistryPage(
    key: string,
    page: { upsert: readonly RegistryEntry[]; remove: readonly string[]; cursor: string },
    now: number,
  ): void {
    const keyId = keyFingerprint(key);
    const keyChanged = this.registryMeta?.keyId !== keyId;
    this.vault.set({ registryKey: key });
    const meta: RegistryMeta = { cursor: page.cursor, keyId };
    this.store.transaction(() => {
      this.registry.apply({ upsert: page.upsert, remove: page.remove, replaceAll: keyChanged });
      this.store.put('registry_meta', { body: JSON.stringify(meta), etag: null, fetchedAt: now, source: 'sync' });
    });
    this.registryMeta = meta;
  }

  /**
   * Verifies and stores a complete set of trust material from files (`civicpass trust import`).
   * All or nothing: a bad anchor, trust list, venue file or registry changes nothing.
   */
  async importFiles(input: TrustFilesInput, now: number): Promise<{ problems: MaterialProblem[] }> {
    const anchors = await importAnchors(input.anchor);
    let material = TrustMaterial.empty(anchors);
    // A re-import with the same anchor must not roll the trust list back either.
    if (this.current.trust && this.current.anchors.some((a) => anchors.some((b) => a.kid === b.kid))) {
      material = this.current;
    }
    const next = await material.withTrustList(input.trustList, zlibInflater).catch((e: unknown) => {
      if (e instanceof TrustListError) throw new TrustImportError(`the trust list was refused: ${e.message}`);
      throw e;
    });
    material = next.material;
    const problems: MaterialProblem[] = [...next.problems];
    for (const compact of input.statusLists) {
      const r = await material.withStatusList(compact, zlibInflater);
      if (r.problem) problems.push(r.problem);
      material = r.material;
    }
    const venue = input.venue === undefined ? null : parseVenueConfig(input.venue);
    // parseVenueConfig has checked it is an object.
    const venueDocument = venue === null ? null : this.keepLmsPassword(input.venue as Record<string, unknown>);
    const anchorBody = JSON.stringify(input.anchor);
    const registryMeta: RegistryMeta | null = input.registry
      ? { cursor: null, keyId: keyFingerprint(input.registry.key) }
      : null;
    if (input.registry) this.vault.set({ registryKey: input.registry.key });
    this.store.transaction(() => {
      this.store.put('anchor', { body: anchorBody, etag: null, fetchedAt: now, source: input.source });
      this.store.put('trust_list', { body: material.trust!.compact, etag: null, fetchedAt: now, source: input.source });
      for (const list of material.statusLists.values())
        this.store.putStatusList({ uri: list.uri, body: list.compact, etag: null, fetchedAt: now });
      if (venue)
        this.store.put('venue_config', {
          body: JSON.stringify(venueDocument),
          etag: null,
          fetchedAt: now,
          source: input.source,
        });
      if (input.registry && registryMeta) {
        this.registry.apply({ upsert: input.registry.entries, remove: [], replaceAll: true });
        this.store.put('registry_meta', {
          body: JSON.stringify(registryMeta),
          etag: null,
          fetchedAt: now,
          source: input.source,
        });
      }
    });
    this.current = material;
    if (venue) this.venueConfig = venue;
    if (registryMeta) this.registryMeta = registryMeta;
    return { problems };
  }
}
