/**
 * A deployment's signing side: the trust anchor, issuer keys (with issuance windows), the trust
 * list, the status list, the card registry and the time key. Private keys live in files with 0600
 * permissions under DATA_DIR/keys, never in the database or logs.
 */
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { JWK } from 'jose';
import { DAY, HOUR } from '../src/core/time';
import { generateSigningKey, keyFromPrivateJwk, type SigningKey } from '../src/issuer/keys';
import { signCardToken, signTrustList, type CardPayload } from '../src/issuer/sign';
import { encodeLst, packStatuses, signStatusList } from '../src/issuer/status-list-writer';
import { KeyedHash } from '../src/node/store/keyed-hash';
import type { AuditRecord, SyncStorage } from './storage/sync-storage';
import { loadOrCreateTimeKey, TIME_KEY_FILE, timeKeyPublicJwk } from './time/time-key';

/** Status list capacity; a new list would be added when it fills (not needed for a pilot). */
export const STATUS_LIST_SIZE = 1 << 16;
const TRUST_LIFETIME = 30 * DAY;
/** The status list's `ttl`: how long a terminal, or a cache in front of the server, may keep it. */
export const STATUS_TTL = 1 * HOUR;
const STATUS_LIFETIME = 3 * DAY;

interface IssuerKeyMeta {
  kid: string;
  file: string;
  nbf: number;
  exp: number | null;
}

export interface DeploymentInfo {
  issuer: string;
  trustAuthority: string;
  name: string;
}

export class DeploymentError extends Error {}

async function writePrivate(path: string, value: string): Promise<void> {
  await writeFile(path, value, { mode: 0o600 });
  await chmod(path, 0o600);
}

/** The one signed trust list of the deployment, as stored for every server process to serve. */
interface SignedTrustList {
  readonly seq: number;
  readonly jws: string;
  readonly exp: number;
  /** The issuer keys it lists (their stored description): a key change means a new list. */
  readonly keys: string;
}

/**
 * The one signed status list of the deployment, stored like the trust list so that every server
 * process serves the same bytes (the same `ETag`): a terminal or cache revalidating against any
 * of them gets its 304.
 */
interface SignedStatusList {
  /** The `status_version` whose statuses it holds (or a later one's). */
  readonly version: string;
  readonly jws: string;
  readonly iat: number;
  readonly ttl: number;
}

/** A key file's text; a missing or unreadable one is the operator's to fix: say which file. */
async function readKeyFile(keys: string, file: string): Promise<string> {
  try {
    return await readFile(join(keys, file), 'utf8');
  } catch (e) {
    throw new DeploymentError(`cannot read the key file ${join(keys, file)}: ${(e as Error).message}`);
  }
}

async function loadKeyFile(keys: string, file: string): Promise<SigningKey> {
  const text = await readKeyFile(keys, file);
  try {
    return await keyFromPrivateJwk(JSON.parse(text) as JWK, 'ES256');
  } catch (e) {
    throw new DeploymentError(`the key file ${join(keys, file)} is not a usable key: ${(e as Error).message}`);
  }
}

async function loadIssuerKeys(keys: string, raw: string): Promise<{ meta: IssuerKeyMeta; key: SigningKey }[]> {
  const metas = JSON.parse(raw) as IssuerKeyMeta[];
  return Promise.all(metas.map(async (meta) => ({ meta, key: await loadKeyFile(keys, meta.file) })));
}

export class Deployment {
  /** The stored description of the issuer keys this process has loaded. */
  private issuerKeysRaw = '';
  private statusTtl = STATUS_TTL;

  private constructor(
    private readonly dir: string,
    private readonly storage: SyncStorage,
    readonly info: DeploymentInfo,
    private readonly anchor: SigningKey,
    private issuerKeys: { meta: IssuerKeyMeta; key: SigningKey }[],
    readonly registryKey: string,
    /** Signs time statements (server/time/time-key.ts). */
    readonly timeKey: SigningKey,
  ) {}

  get statusUri(): string {
    return `${this.info.issuer}/status/1`;
  }

  static async isInitialised(storage: SyncStorage): Promise<boolean> {
    return (await storage.getValue('deployment')) !== null;
  }

  /** Creates the anchor, the first issuer key and the registry key; open() makes the time key. */
  static async init(
    dir: string,
    storage: SyncStorage,
    info: DeploymentInfo,
    now: number,
    options: { issuerKeyNotBefore?: number } = {},
  ): Promise<Deployment> {
    if (await Deployment.isInitialised(storage))
      throw new DeploymentError('this data directory already holds a deployment');
    const keys = join(dir, 'keys');
    await mkdir(keys, { recursive: true, mode: 0o700 });
    const anchor = await generateSigningKey('ES256');
    await writePrivate(join(keys, 'anchor.private.jwk'), JSON.stringify(anchor.privateJwk));
    const issuer = await generateSigningKey('ES256');
    const file = `issuer-${issuer.kid}.private.jwk`;
    await writePrivate(join(keys, file), JSON.stringify(issuer.privateJwk));
    const registryKey = KeyedHash.generateKey().toString('base64url');
    await writePrivate(join(keys, 'registry.key'), registryKey);
    await storage.setValue('deployment', JSON.stringify(info));
    const nbf = Math.floor(options.issuerKeyNotBefore ?? now - 60);
    await storage.setValue('issuer_keys', JSON.stringify([{ kid: issuer.kid, file, nbf, exp: null }]));
    // A new deployment gets a new time key, like its other keys, even over a leftover keys/.
    await rm(join(keys, TIME_KEY_FILE), { force: true });
    return Deployment.open(dir, storage);
  }

  static async open(dir: string, storage: SyncStorage): Promise<Deployment> {
    const raw = await storage.getValue('deployment');
    if (!raw) throw new DeploymentError('no deployment here: run `civicpass admin init` first');
    const keys = join(dir, 'keys');
    const issuerKeysRaw = (await storage.getValue('issuer_keys')) ?? '[]';
    const issuerKeys = await loadIssuerKeys(keys, issuerKeysRaw);
    const registryKey = (await readKeyFile(keys, 'registry.key')).trim();
    const anchor = await loadKeyFile(keys, 'anchor.private.jwk');
    let timeKey: SigningKey;
    try {
      timeKey = await loadOrCreateTimeKey(keys);
    } catch (e) {
      throw new DeploymentError(`cannot load or make the time key in ${keys}: ${(e as Error).message}`);
    }
    const deployment = new Deployment(
      dir,
      storage,
      JSON.parse(raw) as DeploymentInfo,
      anchor,
      issuerKeys,
      registryKey,
      timeKey,
    );
    deployment.issuerKeysRaw = issuerKeysRaw;
    return deployment;
  }

  /**
   * The issuer keys as stored now: another process (`civicpass admin rotate-issuer-key` while
   * the server runs) may have changed them. Signing with the keys this process loaded at start
   * would list the old key only, or issue cards with a retired one.
   */
  private async freshIssuerKeys(): Promise<{ raw: string; keys: { meta: IssuerKeyMeta; key: SigningKey }[] }> {
    const raw = (await this.storage.getValue('issuer_keys')) ?? '[]';
    if (raw !== this.issuerKeysRaw) {
      this.issuerKeys = await loadIssuerKeys(join(this.dir, 'keys'), raw);
      this.issuerKeysRaw = raw;
    }
    return { raw, keys: this.issuerKeys };
  }

  /** The anchor's public JWK set, which terminals pin at enrolment. */
  anchorPublicSet(): { keys: JWK[] } {
    const { alg: _a, use: _u, ...pub } = this.anchor.publicJwk;
    return { keys: [pub] };
  }

  /** The time key's public JWK (with `kid`), which terminals pin to check time statements. */
  timeKeyPublicJwk(): JWK {
    return timeKeyPublicJwk(this.timeKey);
  }

  private currentIssuerKey(): SigningKey {
    const live = this.issuerKeys.filter((k) => k.meta.exp === null);
    const key = live[live.length - 1]?.key;
    if (!key) throw new DeploymentError('no active issuer key');
    return key;
  }

  /**
   * The trust list. There is one signed list per `seq`, stored, and every server process serves
   * the stored one: a terminal refuses a different list under a `seq` it holds (a rollback, as it
   * must). A list is signed anew, under the next `seq`, when the issuer keys change or when half
   * its lifetime has passed; when two processes race to do so, one wins and both serve its list.
   */
  async trustList(now: number): Promise<string> {
    const raw = await this.storage.getValue('trust_list');
    const held = raw === null ? null : (JSON.parse(raw) as SignedTrustList);
    const { raw: keys, keys: issuerKeys } = await this.freshIssuerKeys();
    if (held && held.keys === keys && held.exp - now > TRUST_LIFETIME / 2) return held.jws;
    // Deployments from before the list was stored signed theirs under `trust_seq`.
    const seq = Math.max(held?.seq ?? 0, Number((await this.storage.getValue('trust_seq')) ?? '0')) + 1;
    const exp = Math.floor(now + TRUST_LIFETIME);
    const jws = await signTrustList(this.anchor, {
      iss: this.info.trustAuthority,
      seq,
      iat: Math.floor(now),
      exp,
      issuers: [
        {
          iss: this.info.issuer,
          name: this.info.name,
          keys: issuerKeys.map(({ meta, key }) => ({
            ...key.publicJwk,
            nbf: meta.nbf,
            ...(meta.exp !== null ? { exp: meta.exp } : {}),
          })),
        },
      ],
    });
    const next: SignedTrustList = { seq, jws, exp, keys };
    if (await this.storage.compareAndSetValue('trust_list', raw, JSON.stringify(next))) {
      await this.storage.setValue('trust_seq', String(seq));
      return jws;
    }
    // Another process signed first: serve its list, never a second one under the same seq.
    const winner = JSON.parse((await this.storage.getValue('trust_list')) ?? 'null') as SignedTrustList | null;
    if (!winner) throw new DeploymentError('the stored trust list vanished');
    return winner.jws;
  }

  /**
   * The status list's `ttl` from now on (tests use a few seconds to see a cache expire; a
   * deployment keeps the default hour). The stored list is re-signed at the next request.
   */
  useStatusTtl(seconds: number): void {
    if (!(Number.isInteger(seconds) && seconds > 0)) throw new RangeError(`status ttl ${seconds} is not whole seconds`);
    this.statusTtl = seconds;
  }

  /**
   * The status list, re-signed when a status changes or half its ttl has passed. The signed list
   * is stored and served by every process alike; when two race to re-sign, one wins and both
   * serve its list (which holds at least the statuses of the version they read).
   */
  async statusList(now: number): Promise<string> {
    const raw = await this.storage.getValue('status_list');
    const held = raw === null ? null : (JSON.parse(raw) as SignedStatusList);
    // Read before the statuses: a change stored after this read bumps the version again.
    const version = (await this.storage.getValue('status_version')) ?? '0';
    if (held && held.version === version && held.ttl === this.statusTtl && now - held.iat < this.statusTtl / 2)
      return held.jws;
    await this.freshIssuerKeys();
    const statuses = new Uint8Array(STATUS_LIST_SIZE);
    for (const { statusIndex, status } of await this.storage.cardStatuses())
      if (statusIndex < STATUS_LIST_SIZE) statuses[statusIndex] = status;
    const iat = Math.floor(now);
    const jws = await signStatusList(this.currentIssuerKey(), {
      sub: this.statusUri,
      iat,
      exp: Math.floor(now + STATUS_LIFETIME),
      ttl: this.statusTtl,
      status_list: { bits: 2, lst: encodeLst(packStatuses(2, statuses)) },
    });
    const next: SignedStatusList = { version, jws, iat, ttl: this.statusTtl };
    if (await this.storage.compareAndSetValue('status_list', raw, JSON.stringify(next))) return jws;
    const winner = JSON.parse((await this.storage.getValue('status_list')) ?? 'null') as SignedStatusList | null;
    if (!winner) throw new DeploymentError('the stored status list vanished');
    return winner.jws;
  }

  /**
   * Retires the current issuer key (its window ends now, so its cards stay valid) and adds a new
   * one. `audit` (its `after` completed with the new kid) is written with the stored change.
   */
  async rotateIssuerKey(now: number, audit?: AuditRecord): Promise<string> {
    const { raw } = await this.freshIssuerKeys();
    const next = await generateSigningKey('ES256');
    const file = `issuer-${next.kid}.private.jwk`;
    await writePrivate(join(this.dir, 'keys', file), JSON.stringify(next.privateJwk));
    const metas = this.issuerKeys.map(({ meta }) => (meta.exp === null ? { ...meta, exp: Math.floor(now) } : meta));
    const added = { kid: next.kid, file, nbf: Math.floor(now), exp: null };
    const stored = JSON.stringify([...metas, added]);
    // Two rotations at once would each write a list without the other's new key: one wins.
    const retired = metas.filter((m, i) => this.issuerKeys[i]!.meta.exp === null && m.exp !== null).map((m) => m.kid);
    const entry = audit && { ...audit, before: { currentKids: retired }, after: { newKid: next.kid, retired } };
    if (!(await this.storage.compareAndSetValue('issuer_keys', raw, stored, entry))) {
      await rm(join(this.dir, 'keys', file), { force: true });
      throw new DeploymentError('the issuer keys changed during the rotation (another rotation?): run it again');
    }
    // The stored list no longer lists these keys: the next request signs one under the next seq.
    this.issuerKeys = [...this.issuerKeys.map((k, i) => ({ ...k, meta: metas[i]! })), { meta: added, key: next }];
    this.issuerKeysRaw = stored;
    return next.kid;
  }

  /** Issues a card: signs its token and registers its library number, if any, for lookups. */
  async issueCard(
    input: {
      services: string[];
      name?: string;
      libraryNumber?: string;
      concessions?: string[];
      validDays?: number;
      issuedAt?: number;
    },
    now: number,
  ): Promise<{ id: string; token: string }> {
    await this.freshIssuerKeys();
    const id = `card_${randomBytes(12).toString('base64url')}`;
    const statusIndex = await this.storage.nextStatusIndex();
    if (statusIndex >= STATUS_LIST_SIZE) throw new DeploymentError('the status list is full');
    const iat = Math.floor(input.issuedAt ?? now);
    const payload: CardPayload = {
      v: 1,
      iss: this.info.issuer,
      sub: id,
      iat,
      exp: iat + Math.min(input.validDays ?? 365, 400) * DAY,
      svc: input.services,
      ...(input.name ? { name: input.name } : {}),
      ...(input.libraryNumber ? { lib: input.libraryNumber } : {}),
      ...(input.concessions?.length ? { con: input.concessions } : {}),
      status: { status_list: { idx: statusIndex, uri: this.statusUri } },
    };
    const token = await signCardToken(this.currentIssuerKey(), payload);
    await this.storage.addCard({
      id,
      statusIndex,
      status: 0,
      services: input.services,
      libraryNumber: input.libraryNumber ?? null,
    });
    if (input.libraryNumber) await this.registerReference(input.libraryNumber, input.services, statusIndex, false);
    return { id, token };
  }

  private async registerReference(
    reference: string,
    services: readonly string[],
    statusIndex: number,
    removed: boolean,
  ): Promise<void> {
    const refHash = new KeyedHash(Buffer.from(this.registryKey, 'base64url')).ref(reference);
    await this.storage.putRegistryEntry({
      refHash,
      services,
      iss: this.info.issuer,
      statusUri: this.statusUri,
      statusIndex,
      removed,
    });
  }

  /**
   * Revokes (1), suspends (2) or reinstates (0) a card; the status list is re-signed. The version
   * is bumped after the status is stored and atomically, so that of two changes made at once
   * neither is lost to a server process that signed between them.
   */
  async setCardStatus(cardId: string, status: 0 | 1 | 2, audit?: AuditRecord): Promise<void> {
    if (!(await this.storage.setCardStatus(cardId, status, audit))) throw new DeploymentError(`no card ${cardId}`);
    await this.storage.incrementValue('status_version');
  }
}
