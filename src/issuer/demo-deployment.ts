/**
 * The built-in demo deployment: a trust anchor, an issuer, a trust list, a status list and a
 * handful of demo cards, written to a data directory so that a newcomer can verify (and later
 * scan) a card within a minute. Private keys are files with 0600 permissions; nothing here is
 * fit for production, which uses the admin command of the sync server.
 */
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { JWK } from 'jose';
import { DAY, HOUR } from '../core/time';
import type { RegistryEntry } from '../core/registry';
import { renderBarcode } from '../node/barcode-writer';
import { KeyedHash } from '../node/store/keyed-hash';
import { generateSigningKey, keyFromPrivateJwk, type SigningKey } from './keys';
import { DEMO_CARDS, DEMO_LIBRARY_VENUE } from './demo-cards';
import { signCardToken, signTrustList } from './sign';
import { encodeLst, packStatuses, signStatusList } from './status-list-writer';

export const DEMO_ISSUER = 'https://id.demo.civicpass.example';
export const DEMO_STATUS_URI = `${DEMO_ISSUER}/status/1`;
export const DEMO_TRUST_AUTHORITY = 'https://trust.demo.civicpass.example';
const STATUS_SIZE = 1024;

export interface DemoCard {
  readonly id: string;
  readonly title: string;
  /** What a terminal checking this card for `library` should answer. */
  readonly expect: string;
  readonly token: string;
}

async function loadOrCreateKey(path: string): Promise<SigningKey> {
  try {
    return await keyFromPrivateJwk(JSON.parse(await readFile(path, 'utf8')) as JWK, 'ES256');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    const key = await generateSigningKey('ES256');
    await writeFile(path, JSON.stringify(key.privateJwk, null, 2) + '\n', { mode: 0o600 });
    await chmod(path, 0o600);
    return key;
  }
}

export interface DemoPaths {
  readonly dir: string;
  readonly anchor: string;
  readonly trust: string;
  readonly statusDir: string;
  readonly cardsDir: string;
  readonly venue: string;
  readonly registry: string;
}

export function demoPaths(dir: string): DemoPaths {
  return {
    dir,
    anchor: join(dir, 'anchor.json'),
    trust: join(dir, 'trust.jwt'),
    statusDir: join(dir, 'status'),
    cardsDir: join(dir, 'cards'),
    venue: join(dir, 'venue.json'),
    registry: join(dir, 'registry.json'),
  };
}

/**
 * Creates the demo deployment in `dir`, or refreshes it: keys are kept, the trust list and
 * status list are signed anew (fresh `iat`), cards are issued once and kept.
 */
export async function ensureDemoDeployment(
  dir: string,
  now = Date.now() / 1000,
): Promise<{ paths: DemoPaths; cards: DemoCard[] }> {
  const paths = demoPaths(dir);
  const keysDir = join(dir, 'keys');
  for (const d of [dir, paths.statusDir, paths.cardsDir]) await mkdir(d, { recursive: true });
  await mkdir(keysDir, { recursive: true, mode: 0o700 });
  const anchor = await loadOrCreateKey(join(keysDir, 'anchor.private.jwk'));
  const issuer = await loadOrCreateKey(join(keysDir, 'issuer.private.jwk'));
  const { kid: _kid, alg: _alg, use: _use, ...anchorPublic } = anchor.publicJwk;
  await writeFile(paths.anchor, JSON.stringify({ keys: [{ ...anchorPublic, kid: anchor.kid }] }, null, 2) + '\n');
  const seq = Math.floor(now);
  await writeFile(
    paths.trust,
    await signTrustList(anchor, {
      iss: DEMO_TRUST_AUTHORITY,
      seq,
      iat: Math.floor(now),
      exp: Math.floor(now + 30 * DAY),
      issuers: [{ iss: DEMO_ISSUER, name: 'CivicPass demo council', keys: [issuer.publicJwk] }],
    }),
  );
  const statuses = new Array<number>(STATUS_SIZE).fill(0);
  DEMO_CARDS.forEach((c, i) => (statuses[i + 1] = c.status));
  await writeFile(
    join(paths.statusDir, 'demo-1.jwt'),
    await signStatusList(issuer, {
      sub: DEMO_STATUS_URI,
      iat: Math.floor(now),
      ttl: 6 * HOUR,
      exp: Math.floor(now + 3 * DAY),
      status_list: { bits: 2, lst: encodeLst(packStatuses(2, statuses)) },
    }),
  );
  const cards: DemoCard[] = [];
  for (const [i, spec] of DEMO_CARDS.entries()) {
    const file = join(paths.cardsDir, `${spec.id}.token`);
    let token: string;
    try {
      token = (await readFile(file, 'utf8')).trim();
    } catch {
      const iat = Math.floor(now - (spec.issuedDaysAgo ?? 0) * DAY - HOUR);
      token = await signCardToken(issuer, {
        v: 1,
        iss: DEMO_ISSUER,
        sub: `demo_card_${String(i + 1).padStart(4, '0')}`,
        iat,
        exp: iat + (spec.validDays ?? 300) * DAY,
        svc: spec.services,
        name: spec.name,
        ...(spec.libraryNumber ? { lib: spec.libraryNumber } : {}),
        ...(spec.concessions ? { con: spec.concessions } : {}),
        status: { status_list: { idx: i + 1, uri: DEMO_STATUS_URI } },
      });
      await writeFile(file, token + '\n');
      await writeFile(join(paths.cardsDir, `${spec.id}.png`), (await renderBarcode(token, 'QRCode', 4)).png);
    }
    cards.push({ id: spec.id, title: spec.title, expect: spec.expect, token });
  }
  await writeFile(paths.venue, JSON.stringify(DEMO_LIBRARY_VENUE, null, 2) + '\n');
  await writeFile(paths.registry, JSON.stringify(await demoRegistry(join(keysDir, 'registry.key')), null, 2) + '\n');
  return { paths, cards };
}

/**
 * The card registry for unsigned references: each demo card's library number (as a legacy
 * barcode or typed at the desk), keyed-hashed with the deployment's registry key.
 */
async function demoRegistry(keyFile: string): Promise<{ key: string; entries: RegistryEntry[] }> {
  let key: string;
  try {
    key = (await readFile(keyFile, 'utf8')).trim();
  } catch {
    key = KeyedHash.generateKey().toString('base64url');
    await writeFile(keyFile, key + '\n', { mode: 0o600 });
  }
  const hash = new KeyedHash(Buffer.from(key, 'base64url'));
  const entries: RegistryEntry[] = [];
  DEMO_CARDS.forEach((spec, i) => {
    if (spec.libraryNumber) {
      entries.push({
        refHash: hash.ref(spec.libraryNumber),
        services: spec.services,
        iss: DEMO_ISSUER,
        statusUri: DEMO_STATUS_URI,
        statusIndex: i + 1,
      });
    }
  });
  return { key, entries };
}
