/**
 * One test per reason code of the credential profile, with tokens made in the test.
 * Each asserts the outcome too, so a reason can never drift to the wrong outcome.
 */
import { describe, expect, it } from 'vitest';
import { importAnchors } from '../../src/core/anchors';
import { REASONS } from '../../src/core/reasons';
import { DAY, fixedClock } from '../../src/core/time';
import { DEFAULT_STALENESS } from '../../src/core/staleness';
import { TrustedClock } from '../../src/core/trusted-clock';
import { TrustMaterial } from '../../src/core/trust-material';
import { applyVenuePolicy, type VenuePolicy } from '../../src/core/venue-policy';
import { CardVerifier } from '../../src/core/verifier';
import { testSignatures } from '../support/signatures';
import { generateSigningKey } from '../../src/issuer/keys';
import { signCompact } from '../../src/issuer/sign';
import { makeDeployment, NOW, OTHER_STATUS_IDX, REVOKED_IDX, SUSPENDED_IDX, STATUS_COUNT } from '../support/deployment';

const venue: VenuePolicy = {
  services: ['citysave'],
  offers: [{ id: 'tate-10', service: 'citysave', title: '10% off', limit: { count: 1, per: 'day' } }],
  timeZone: 'Europe/London',
  visitWindow: 4 * 3600,
};

const covered = new Set<string>();
function expectReason(result: { outcome: string; reason: string }, outcome: string, reason: string): void {
  expect({ outcome: result.outcome, reason: result.reason }).toEqual({ outcome, reason });
  covered.add(reason);
}

describe('every reason code', async () => {
  const d = await makeDeployment();
  const v = await d.verifier();

  it('ok: a genuine, current card', async () => {
    const check = await v.verify(await d.token());
    expectReason(check.result, 'valid', 'ok');
    expect(check.result.warnings).toEqual([]);
    expect(check.result.card).toEqual({
      name: 'Amira',
      libraryNumber: '29876000123456',
      services: ['library', 'citysave'],
      concessions: ['senior'],
      expires: NOW + 300 * DAY,
    });
  });

  it('not_entitled: the card lacks the service', async () => {
    const check = await v.verify(await d.token({ svc: ['library'] }));
    const result = applyVenuePolicy(check, venue, { service: 'citysave' }, null, NOW);
    expectReason(result, 'limited', 'not_entitled');
    expect(result.detail.service).toBe('citysave');
  });

  it('already_used: the offer was used today', async () => {
    const check = await v.verify(await d.token());
    const usage = { usesSince: () => ({ count: 1, lastAt: NOW - 60 }) };
    const result = applyVenuePolicy(check, venue, { offerId: 'tate-10' }, usage, NOW);
    expectReason(result, 'limited', 'already_used');
    expect(result.detail.lastUsedAt).toBe(NOW - 60);
  });

  it('malformed: segments that do not decode to JSON', async () => {
    expectReason((await v.verify('abc.def.ghi')).result, 'invalid', 'malformed');
  });

  it('header_rejected: a wrong typ', async () => {
    const t = await signCompact(d.issuerKey, 'JWT', d.payload());
    expectReason((await v.verify(t)).result, 'invalid', 'header_rejected');
  });

  it('unsupported_alg: RS256 in the header', async () => {
    const h = Buffer.from(JSON.stringify({ alg: 'RS256', kid: d.issuerKey.kid, typ: 'civicpass+jwt' })).toString(
      'base64url',
    );
    const p = Buffer.from(JSON.stringify(d.payload())).toString('base64url');
    expectReason((await v.verify(`${h}.${p}.c2lnbmF0dXJl`)).result, 'invalid', 'unsupported_alg');
  });

  it('bad_signature: a signature by another key under the issuer kid', async () => {
    const other = await generateSigningKey();
    const forged = await signCompact({ ...other, kid: d.issuerKey.kid }, 'civicpass+jwt', d.payload());
    expectReason((await v.verify(forged)).result, 'invalid', 'bad_signature');
  });

  it('key_not_valid: issued outside the key window', async () => {
    const retired = await generateSigningKey();
    const dd = await makeDeployment({
      extraIssuerKeys: [{ ...retired.publicJwk, nbf: NOW - 100 * DAY, exp: NOW - 10 * DAY }],
    });
    const vv = await dd.verifier();
    expectReason((await vv.verify(await dd.token({ iat: NOW - 5 * DAY }, retired))).result, 'invalid', 'key_not_valid');
    // The same retired key still verifies a card it signed inside its window.
    expectReason((await vv.verify(await dd.token({ iat: NOW - 20 * DAY }, retired))).result, 'valid', 'ok');
  });

  it('expired: past exp plus leeway', async () => {
    const t = await d.token({ iat: NOW - 10 * DAY, exp: NOW - 121 });
    const check = await v.verify(t);
    expectReason(check.result, 'invalid', 'expired');
    expect(check.result.card?.expires).toBe(NOW - 121);
    // Within the 120 s leeway it is still valid.
    expectReason((await v.verify(await d.token({ iat: NOW - 10 * DAY, exp: NOW - 119 }))).result, 'valid', 'ok');
  });

  it('not_yet_valid: nbf in the future beyond leeway', async () => {
    const check = await v.verify(await d.token({ nbf: NOW + 3600 }));
    expectReason(check.result, 'invalid', 'not_yet_valid');
    expect(check.result.detail.validFrom).toBe(NOW + 3600);
    expectReason((await v.verify(await d.token({ nbf: NOW + 100 }))).result, 'valid', 'ok');
  });

  it('revoked: status 1, and any status above 2', async () => {
    expectReason(
      (
        await v.verify(
          await d.token({ status: { status_list: { idx: REVOKED_IDX, uri: d.payload().status.status_list.uri } } }),
        )
      ).result,
      'invalid',
      'revoked',
    );
    expectReason(
      (
        await v.verify(
          await d.token({
            status: { status_list: { idx: OTHER_STATUS_IDX, uri: d.payload().status.status_list.uri } },
          }),
        )
      ).result,
      'invalid',
      'revoked',
    );
  });

  it('suspended: status 2', async () => {
    const t = await d.token({
      status: { status_list: { idx: SUSPENDED_IDX, uri: d.payload().status.status_list.uri } },
    });
    expectReason((await v.verify(t)).result, 'invalid', 'suspended');
  });

  it('unreadable: not a CivicPass code', async () => {
    expectReason((await v.verify('9780140449136')).result, 'unverifiable', 'unreadable');
  });

  it('unknown_issuer: an issuer missing from the trust list', async () => {
    const t = await d.token({ iss: 'https://id.elsewhere.example.org' });
    expectReason((await v.verify(t)).result, 'unverifiable', 'unknown_issuer');
  });

  it('unknown_key: a kid the issuer does not hold', async () => {
    const stranger = await generateSigningKey();
    expectReason((await v.verify(await d.token({}, stranger))).result, 'unverifiable', 'unknown_key');
  });

  it('status_unavailable: index beyond the list, unknown list, expired list', async () => {
    const uri = d.payload().status.status_list.uri;
    expectReason(
      (await v.verify(await d.token({ status: { status_list: { idx: STATUS_COUNT + 8, uri } } }))).result,
      'unverifiable',
      'status_unavailable',
    );
    expectReason(
      (await v.verify(await d.token({ status: { status_list: { idx: 1, uri: uri + '9' } } }))).result,
      'unverifiable',
      'status_unavailable',
    );
    const late = await d.verifier(NOW + 4 * DAY);
    expectReason((await late.verify(await d.token())).result, 'unverifiable', 'status_unavailable');
  });

  it('trust_unavailable: no trust list, or one past exp + 7 days', async () => {
    const empty = TrustMaterial.empty(await importAnchors(d.anchorJwk));
    const clock = new TrustedClock(fixedClock(NOW), () => 300);
    const bare = new CardVerifier({ material: () => empty, clock, policy: () => DEFAULT_STALENESS }, testSignatures);
    expectReason((await bare.verify(await d.token())).result, 'unverifiable', 'trust_unavailable');
    const m = await d.material();
    const later = new CardVerifier(
      {
        material: () => m,
        clock: new TrustedClock(fixedClock(NOW + 38 * DAY), () => 300),
        policy: () => DEFAULT_STALENESS,
      },
      testSignatures,
    );
    expectReason(
      (await later.verify(await d.token({ exp: NOW + 100 * DAY }))).result,
      'unverifiable',
      'trust_unavailable',
    );
  });

  it('covers every reason in the profile that a token can get', () => {
    // unknown_card comes from the card registry (NFC and library numbers), tested with the
    // scan pipeline; every other reason is produced above.
    expect([...covered].sort()).toEqual(REASONS.filter((r) => r !== 'unknown_card').sort());
  });
});

describe('warnings on a valid result', async () => {
  const d = await makeDeployment();
  const m = await d.material();
  const at = (now: number, trusted = 0): CardVerifier =>
    new CardVerifier(
      {
        material: () => m,
        clock: new TrustedClock(fixedClock(now), () => 300, trusted),
        policy: () => DEFAULT_STALENESS,
      },
      testSignatures,
    );

  it('status_stale after iat + ttl, before the hard limit', async () => {
    const r = (await at(NOW + 2 * 3600).verify(await d.token())).result;
    expect(r).toMatchObject({ outcome: 'valid', reason: 'ok', warnings: ['status_stale'] });
  });

  it('trust_stale after the trust list exp, before exp + 7 days', async () => {
    const dd = await makeDeployment({ trustIat: NOW - 10 * DAY, trustExp: NOW - DAY });
    const r = (await (await dd.verifier()).verify(await dd.token())).result;
    expect(r).toMatchObject({ outcome: 'valid', reason: 'ok', warnings: ['trust_stale'] });
  });

  it('clock_suspect when the system clock lags the trusted time, judging expiry at the trusted time', async () => {
    const trusted = NOW + 3600;
    const r = (await at(NOW, trusted).verify(await d.token())).result;
    expect(r.warnings).toContain('clock_suspect');
    // A card that expired between the system time and the trusted time is refused.
    const t = await d.token({ iat: NOW - 10 * DAY, exp: NOW + 1800 });
    expect((await at(NOW, trusted).verify(t)).result.reason).toBe('expired');
    // Within the 5-minute tolerance the clock is not suspect.
    expect((await at(NOW, NOW + 200).verify(await d.token())).result.warnings).toEqual([]);
  });
});
