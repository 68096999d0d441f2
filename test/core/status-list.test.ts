import { describe, expect, it } from 'vitest';
import { deflateSync } from 'node:zlib';
import { base64url } from 'jose';
import { decodeStatusList, StatusArray, StatusListError, verifyStatusList } from '../../src/core/status-list';
import { TrustMaterial } from '../../src/core/trust-material';
import { importAnchors } from '../../src/core/anchors';
import { verifyTrustList } from '../../src/core/trust-list';
import { zlibInflater } from '../../src/node/zlib-inflater';
import { encodeLst, packStatuses, signStatusList } from '../../src/issuer/status-list-writer';
import { generateSigningKey } from '../../src/issuer/keys';
import { signCompact } from '../../src/issuer/sign';
import { makeDeployment, NOW, STATUS_URI } from '../support/deployment';

function statuses(list: StatusArray): number[] {
  return Array.from({ length: list.size }, (_, i) => list.get(i) ?? -1);
}

describe('status list decoding (draft-ietf-oauth-status-list examples)', () => {
  it('decodes the draft example with bits 1', () => {
    const list = decodeStatusList(1, 'eNrbuRgAAhcBXQ', zlibInflater);
    expect(statuses(list)).toEqual([1, 0, 0, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0, 1, 0, 1]);
  });

  it('decodes the draft example with bits 2', () => {
    const list = decodeStatusList(2, 'eNo76fITAAPfAgc', zlibInflater);
    expect(statuses(list).slice(0, 12)).toEqual([1, 2, 0, 3, 0, 1, 0, 1, 1, 2, 3, 3]);
  });

  it('indexes least significant bits first', () => {
    // 0b10110001: index 0 is the lowest bit.
    const list = new StatusArray(1, Uint8Array.of(0b10110001));
    expect(statuses(list)).toEqual([1, 0, 0, 0, 1, 1, 0, 1]);
    const four = new StatusArray(4, Uint8Array.of(0xa5));
    expect(statuses(four)).toEqual([5, 10]);
  });

  it.each([1, 2, 4, 8] as const)('round-trips statuses with bits %i through the writer', (bits) => {
    const values = Array.from({ length: 1000 }, (_, i) => (i * 7919) % (1 << bits));
    const list = decodeStatusList(bits, encodeLst(packStatuses(bits, values)), zlibInflater);
    expect(statuses(list).slice(0, 1000)).toEqual(values);
  });

  it('answers null beyond the list, for negative and fractional indexes', () => {
    const list = new StatusArray(8, Uint8Array.of(1, 2));
    expect(list.get(1)).toBe(2);
    expect(list.get(2)).toBeNull();
    expect(list.get(-1)).toBeNull();
    expect(list.get(0.5)).toBeNull();
  });

  it('refuses a list that inflates beyond the bound, without allocating it', () => {
    const bomb = base64url.encode(deflateSync(new Uint8Array(4096)));
    expect(() => decodeStatusList(1, bomb, zlibInflater, 1024)).toThrow(
      expect.objectContaining({ problem: 'too_large' }),
    );
    // 17 MiB of zeros compresses to ~17 KB but is over the 16 MiB bound of docs/contract/credential-profile.md §4.
    const big = base64url.encode(deflateSync(new Uint8Array(17 * 1024 * 1024)));
    expect(big.length).toBeLessThan(40_000);
    expect(() => decodeStatusList(1, big, zlibInflater)).toThrow(StatusListError);
  });

  it('refuses data that is not zlib', () => {
    expect(() => decodeStatusList(1, base64url.encode('not zlib at all'), zlibInflater)).toThrow(
      expect.objectContaining({ problem: 'malformed' }),
    );
  });
});

describe('status list verification', () => {
  it('accepts a list signed by a trusted issuer and records that issuer', async () => {
    const d = await makeDeployment();
    const m = await d.material();
    const list = m.statusLists.get(STATUS_URI);
    expect(list?.issuer).toBe('https://id.westminster.example.gov.uk');
    expect(list?.statuses.get(10)).toBe(1);
  });

  it('refuses a list signed by a key that no issuer holds', async () => {
    const d = await makeDeployment();
    const trust = await verifyTrustList(d.trustList, await importAnchors(d.anchorJwk));
    const stranger = await generateSigningKey();
    const forged = await signStatusList(stranger, {
      sub: STATUS_URI,
      iat: NOW,
      status_list: { bits: 1, lst: encodeLst(new Uint8Array(8)) },
    });
    await expect(verifyStatusList(forged, trust, zlibInflater)).rejects.toMatchObject({ problem: 'unknown_key' });
  });

  it('refuses a tampered list', async () => {
    const d = await makeDeployment();
    const trust = await verifyTrustList(d.trustList, await importAnchors(d.anchorJwk));
    const [h, p, s] = d.statusList.split('.');
    const payload = JSON.parse(Buffer.from(p!, 'base64url').toString()) as Record<string, unknown>;
    payload['status_list'] = { bits: 2, lst: encodeLst(new Uint8Array(16)) };
    const tampered = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
    await expect(verifyStatusList(tampered, trust, zlibInflater)).rejects.toMatchObject({ problem: 'bad_signature' });
  });

  it('refuses a wrong typ and extra header members', async () => {
    const d = await makeDeployment();
    const trust = await verifyTrustList(d.trustList, await importAnchors(d.anchorJwk));
    const body = { sub: STATUS_URI, iat: NOW, status_list: { bits: 1, lst: encodeLst(new Uint8Array(8)) } };
    const wrongTyp = await signCompact(d.issuerKey, 'JWT', body);
    await expect(verifyStatusList(wrongTyp, trust, zlibInflater)).rejects.toMatchObject({ problem: 'header_rejected' });
  });

  it('refuses bits outside 1, 2, 4, 8 and a missing sub', async () => {
    const d = await makeDeployment();
    const trust = await verifyTrustList(d.trustList, await importAnchors(d.anchorJwk));
    const bits3 = await signCompact(d.issuerKey, 'statuslist+jwt', {
      sub: STATUS_URI,
      iat: NOW,
      status_list: { bits: 3, lst: encodeLst(new Uint8Array(8)) },
    });
    await expect(verifyStatusList(bits3, trust, zlibInflater)).rejects.toMatchObject({ problem: 'bad_claims' });
    const noSub = await signCompact(d.issuerKey, 'statuslist+jwt', {
      iat: NOW,
      status_list: { bits: 1, lst: encodeLst(new Uint8Array(8)) },
    });
    await expect(verifyStatusList(noSub, trust, zlibInflater)).rejects.toMatchObject({ problem: 'bad_claims' });
  });

  it('keeps the held list when an older one arrives for the same URI', async () => {
    const d = await makeDeployment();
    const m = await d.material();
    const older = await signStatusList(d.issuerKey, {
      sub: STATUS_URI,
      iat: NOW - 7200,
      status_list: { bits: 1, lst: encodeLst(new Uint8Array(8)) },
    });
    const next = await m.withStatusList(older, zlibInflater);
    expect(next.problem?.problem).toBe('rollback');
    expect(next.material).toBe(m);
  });

  it('is refused without a trust list', async () => {
    const d = await makeDeployment();
    const empty = TrustMaterial.empty(await importAnchors(d.anchorJwk));
    const next = await empty.withStatusList(d.statusList, zlibInflater);
    expect(next.problem?.problem).toBe('no_trust_list');
  });
});
