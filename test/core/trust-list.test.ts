import { describe, expect, it } from 'vitest';
import { importAnchors } from '../../src/core/anchors';
import { DEFAULT_STALENESS, trustListFreshness, statusListFreshness } from '../../src/core/staleness';
import { DAY, HOUR } from '../../src/core/time';
import { TrustListError, verifyTrustList } from '../../src/core/trust-list';
import { TrustMaterial } from '../../src/core/trust-material';
import { generateSigningKey } from '../../src/issuer/keys';
import { signCompact, signTrustList, type TrustListPayload } from '../../src/issuer/sign';
import { zlibInflater } from '../../src/node/zlib-inflater';
import { ISS, makeDeployment, NOW } from '../support/deployment';

async function fixture() {
  const anchor = await generateSigningKey('ES256');
  const issuer = await generateSigningKey('EdDSA');
  const anchors = await importAnchors({ keys: [anchor.publicJwk] });
  const payload = (over: Partial<TrustListPayload> = {}): TrustListPayload => ({
    iss: 'https://trust.example.gov.uk',
    seq: 10,
    iat: NOW,
    exp: NOW + 30 * DAY,
    issuers: [{ iss: ISS, name: 'Westminster', keys: [issuer.publicJwk] }],
    ...over,
  });
  return { anchor, issuer, anchors, payload };
}

const problemOf = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p;
    return 'accepted';
  } catch (e) {
    if (e instanceof TrustListError) return e.problem;
    throw e;
  }
};

describe('trust list verification', () => {
  it('accepts a list signed by a pinned anchor and imports each issuer key once', async () => {
    const f = await fixture();
    const list = await verifyTrustList(await signTrustList(f.anchor, f.payload()), f.anchors);
    expect(list.seq).toBe(10);
    expect(list.issuers.get(ISS)?.keys.get(f.issuer.kid)?.alg).toBe('EdDSA');
  });

  it('accepts the anchor as a bare JWK or a set, with or without kid', async () => {
    const f = await fixture();
    const { kid: _k, ...bare } = f.anchor.publicJwk;
    expect((await importAnchors(bare))[0]?.kid).toBe(f.anchor.kid);
    expect((await importAnchors({ keys: [f.anchor.publicJwk] }))[0]?.kid).toBe(f.anchor.kid);
  });

  it('refuses a private anchor key', async () => {
    const f = await fixture();
    await expect(importAnchors(f.anchor.privateJwk)).rejects.toThrow(/private/);
  });

  it('refuses a list signed by any other key', async () => {
    const f = await fixture();
    const rogue = await generateSigningKey('ES256');
    expect(await problemOf(verifyTrustList(await signTrustList(rogue, f.payload()), f.anchors))).toBe('unknown_anchor');
    // A rogue key that claims the anchor's kid still fails on the signature.
    const impostor = { ...rogue, kid: f.anchor.kid };
    expect(await problemOf(verifyTrustList(await signTrustList(impostor, f.payload()), f.anchors))).toBe(
      'bad_signature',
    );
  });

  it('refuses a wrong typ', async () => {
    const f = await fixture();
    expect(await problemOf(verifyTrustList(await signCompact(f.anchor, 'JWT', f.payload()), f.anchors))).toBe(
      'header_rejected',
    );
  });

  it('refuses a rollback to a lower seq, and a different list under the held seq', async () => {
    const f = await fixture();
    const held = await signTrustList(f.anchor, f.payload({ seq: 10 }));
    const lower = await signTrustList(f.anchor, f.payload({ seq: 9 }));
    expect(await problemOf(verifyTrustList(lower, f.anchors, { heldSeq: 10, heldCompact: held }))).toBe('rollback');
    const sameSeq = await signTrustList(f.anchor, f.payload({ seq: 10, exp: NOW + 40 * DAY }));
    expect(await problemOf(verifyTrustList(sameSeq, f.anchors, { heldSeq: 10, heldCompact: held }))).toBe('rollback');
    expect(await problemOf(verifyTrustList(held, f.anchors, { heldSeq: 10, heldCompact: held }))).toBe('accepted');
    const higher = await signTrustList(f.anchor, f.payload({ seq: 11 }));
    expect(await problemOf(verifyTrustList(higher, f.anchors, { heldSeq: 10, heldCompact: held }))).toBe('accepted');
  });

  it('refuses the whole list when one member key is private', async () => {
    const f = await fixture();
    const leaked = f.payload({
      issuers: [{ iss: ISS, name: 'Westminster', keys: [f.issuer.publicJwk, { ...f.issuer.privateJwk, use: 'sig' }] }],
    });
    expect(await problemOf(verifyTrustList(await signTrustList(f.anchor, leaked), f.anchors))).toBe('bad_key');
  });

  it('refuses member keys whose kid is not their thumbprint, that lack use sig, or an RSA key', async () => {
    const f = await fixture();
    const bad = [
      { ...f.issuer.publicJwk, kid: 'made-up' },
      { ...f.issuer.publicJwk, use: 'enc' },
      { kty: 'RSA', n: 'AQAB', e: 'AQAB', kid: 'x', alg: 'RS256', use: 'sig' },
    ];
    for (const key of bad) {
      const list = await signTrustList(f.anchor, f.payload({ issuers: [{ iss: ISS, name: 'W', keys: [key] }] }));
      expect(await problemOf(verifyTrustList(list, f.anchors))).toBe('bad_key');
    }
  });

  it('refuses missing or inverted times and a non-integer seq', async () => {
    const f = await fixture();
    for (const over of [{ seq: 1.5 }, { exp: NOW - 1 }, { iat: -5 }]) {
      const list = await signTrustList(f.anchor, f.payload(over));
      expect(await problemOf(verifyTrustList(list, f.anchors))).toBe('bad_claims');
    }
  });

  it('keeps the current material when a refused list arrives', async () => {
    const d = await makeDeployment();
    const m = await d.material();
    const rogue = await generateSigningKey();
    await expect(
      m.withTrustList(
        await signTrustList(rogue, { iss: 'x', seq: 99, iat: NOW, exp: NOW + DAY, issuers: [] }),
        zlibInflater,
      ),
    ).rejects.toBeInstanceOf(TrustListError);
    expect(m.trust?.seq).toBe(5);
  });

  it('re-verifies held status lists against a new trust list and drops those no longer trusted', async () => {
    const d = await makeDeployment();
    const m = await d.material();
    const without = await signTrustList(d.anchor, {
      iss: 'https://trust.example.gov.uk',
      seq: 6,
      iat: NOW,
      exp: NOW + DAY,
      issuers: [],
    });
    const next = await m.withTrustList(without, zlibInflater);
    expect(next.material.trust?.seq).toBe(6);
    expect(next.material.statusLists.size).toBe(0);
    expect(next.problems.map((p) => p.problem)).toEqual(['unknown_key']);
    expect(TrustMaterial.empty([]).latestSignedTime).toBe(0);
  });
});

describe('staleness stages', () => {
  it('trust list: fresh, stale after exp, unusable after exp + 7 days', () => {
    const list = { exp: NOW };
    expect(trustListFreshness(list, NOW, DEFAULT_STALENESS)).toBe('fresh');
    expect(trustListFreshness(list, NOW + 1, DEFAULT_STALENESS)).toBe('stale');
    expect(trustListFreshness(list, NOW + 7 * DAY, DEFAULT_STALENESS)).toBe('stale');
    expect(trustListFreshness(list, NOW + 7 * DAY + 1, DEFAULT_STALENESS)).toBe('unusable');
  });

  it('status list: ttl, default 6 h, exp, hard limit 72 h', () => {
    const withTtl = { iat: NOW, exp: null, ttl: HOUR };
    expect(statusListFreshness(withTtl, NOW + HOUR, DEFAULT_STALENESS)).toBe('fresh');
    expect(statusListFreshness(withTtl, NOW + HOUR + 1, DEFAULT_STALENESS)).toBe('stale');
    const noTtl = { iat: NOW, exp: null, ttl: null };
    expect(statusListFreshness(noTtl, NOW + 6 * HOUR, DEFAULT_STALENESS)).toBe('fresh');
    expect(statusListFreshness(noTtl, NOW + 6 * HOUR + 1, DEFAULT_STALENESS)).toBe('stale');
    expect(statusListFreshness(noTtl, NOW + 72 * HOUR + 1, DEFAULT_STALENESS)).toBe('unusable');
    expect(statusListFreshness({ iat: NOW, exp: NOW + 60, ttl: null }, NOW + 61, DEFAULT_STALENESS)).toBe('unusable');
    // Venue overrides apply.
    expect(statusListFreshness(noTtl, NOW + 2 * HOUR, { ...DEFAULT_STALENESS, statusDefaultTtl: HOUR })).toBe('stale');
  });
});
