/**
 * A small deployment made in the test: anchor, issuer keys, trust list, status list, and a
 * token factory. Everything is signed for real with jose; nothing is mocked.
 */
import type { JWK } from 'jose';
import { importAnchors } from '../../src/core/anchors';
import type { StatusBits } from '../../src/core/status-list';
import { fixedClock, type Seconds } from '../../src/core/time';
import { TrustedClock } from '../../src/core/trusted-clock';
import { TrustMaterial } from '../../src/core/trust-material';
import { CardVerifier } from '../../src/core/verifier';
import { DEFAULT_STALENESS } from '../../src/core/staleness';
import { generateSigningKey, type SigningKey } from '../../src/issuer/keys';
import { signCardToken, signTrustList, type CardPayload } from '../../src/issuer/sign';
import { encodeLst, packStatuses, signStatusList } from '../../src/issuer/status-list-writer';
import { zlibInflater } from '../../src/node/zlib-inflater';
import { testSignatures } from './signatures';

export const NOW: Seconds = 1_790_000_000; // 2026-09-21, a fixed "now" for reproducible tests
export const ISS = 'https://id.westminster.example.gov.uk';
export const STATUS_URI = 'https://id.westminster.example.gov.uk/status/1';

export interface TestDeployment {
  anchor: SigningKey;
  issuerKey: SigningKey;
  trustList: string;
  statusList: string;
  anchorJwk: JWK;
  token(overrides?: Partial<CardPayload>, key?: SigningKey): Promise<string>;
  payload(overrides?: Partial<CardPayload>): CardPayload;
  material(): Promise<TrustMaterial>;
  verifier(now?: Seconds, trusted?: Seconds): Promise<CardVerifier>;
}

/** Statuses: index 0..9 valid, 10 revoked, 11 suspended, 12 = 3 (treated as revoked). */
export const REVOKED_IDX = 10;
export const SUSPENDED_IDX = 11;
export const OTHER_STATUS_IDX = 12;
export const STATUS_COUNT = 64;

export async function makeDeployment(
  options: {
    alg?: 'ES256' | 'EdDSA';
    bits?: StatusBits;
    extraIssuerKeys?: (JWK & { nbf?: number; exp?: number })[];
    statusIat?: Seconds;
    trustIat?: Seconds;
    trustExp?: Seconds;
  } = {},
): Promise<TestDeployment> {
  const anchor = await generateSigningKey('ES256');
  const issuerKey = await generateSigningKey(options.alg ?? 'ES256');
  const trustList = await signTrustList(anchor, {
    iss: 'https://trust.example.gov.uk',
    seq: 5,
    iat: options.trustIat ?? NOW - 3600,
    exp: options.trustExp ?? NOW + 30 * 86400,
    issuers: [
      { iss: ISS, name: 'Westminster City Council', keys: [issuerKey.publicJwk, ...(options.extraIssuerKeys ?? [])] },
    ],
  });
  const statuses = new Array<number>(STATUS_COUNT).fill(0);
  statuses[REVOKED_IDX] = 1;
  statuses[SUSPENDED_IDX] = 2;
  statuses[OTHER_STATUS_IDX] = 3;
  const bits = options.bits ?? 2;
  const statusList = await signStatusList(issuerKey, {
    sub: STATUS_URI,
    iat: options.statusIat ?? NOW - 600,
    ttl: 3600,
    exp: NOW + 7 * 86400,
    status_list: {
      bits,
      lst: encodeLst(packStatuses(bits, bits === 1 ? statuses.map((s) => Math.min(s, 1)) : statuses)),
    },
  });
  const { kid: _kid, alg: _alg, use: _use, ...anchorJwk } = anchor.publicJwk;
  const payload = (overrides: Partial<CardPayload> = {}): CardPayload => ({
    v: 1,
    iss: ISS,
    sub: 'card_0001_abcdef',
    iat: NOW - 86400,
    exp: NOW + 300 * 86400,
    svc: ['library', 'citysave'],
    name: 'Amira',
    lib: '29876000123456',
    con: ['senior'],
    status: { status_list: { idx: 3, uri: STATUS_URI } },
    ...overrides,
  });
  const material = async (): Promise<TrustMaterial> => {
    const { material: m, problems } = await TrustMaterial.load({
      anchors: await importAnchors(anchorJwk),
      trustList,
      statusLists: [statusList],
      inflater: zlibInflater,
    });
    if (problems.length > 0) throw new Error(JSON.stringify(problems));
    return m;
  };
  return {
    anchor,
    issuerKey,
    trustList,
    statusList,
    anchorJwk,
    payload,
    token: (overrides = {}, key = issuerKey) => signCardToken(key, payload(overrides)),
    material,
    async verifier(now = NOW, trusted = 0) {
      const m = await material();
      const clock = new TrustedClock(fixedClock(now), () => DEFAULT_STALENESS.clockTolerance, trusted);
      return new CardVerifier({ material: () => m, clock, policy: () => DEFAULT_STALENESS }, testSignatures);
    },
  };
}
