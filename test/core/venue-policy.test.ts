import { describe, expect, it } from 'vitest';
import { startOfLocalDay, startOfLocalWeek } from '../../src/core/calendar';
import type { UsageHistory } from '../../src/core/ports';
import { applyVenuePolicy, periodStart, UnknownOfferError, type VenuePolicy } from '../../src/core/venue-policy';
import { makeDeployment, NOW } from '../support/deployment';

const iso = (s: string): number => Date.parse(s) / 1000;

describe('calendar periods in the venue time zone', () => {
  it('a London day starts at local midnight, in summer and in winter', () => {
    expect(startOfLocalDay(iso('2026-07-15T12:41:00Z'), 'Europe/London')).toBe(iso('2026-07-14T23:00:00Z'));
    expect(startOfLocalDay(iso('2026-01-15T12:41:00Z'), 'Europe/London')).toBe(iso('2026-01-15T00:00:00Z'));
    // 23:30 UTC on 14 July is already 15 July in London.
    expect(startOfLocalDay(iso('2026-07-14T23:30:00Z'), 'Europe/London')).toBe(iso('2026-07-14T23:00:00Z'));
  });

  it('handles the days the clocks change', () => {
    // 29 March 2026: clocks go forward at 01:00 UTC. Midnight was still GMT.
    expect(startOfLocalDay(iso('2026-03-29T15:00:00Z'), 'Europe/London')).toBe(iso('2026-03-29T00:00:00Z'));
    // 25 October 2026: clocks go back at 01:00 UTC. Midnight was BST.
    expect(startOfLocalDay(iso('2026-10-25T15:00:00Z'), 'Europe/London')).toBe(iso('2026-10-24T23:00:00Z'));
  });

  it('a week starts on Monday', () => {
    // Thursday 16 July 2026 -> Monday 13 July 00:00 BST.
    expect(startOfLocalWeek(iso('2026-07-16T10:00:00Z'), 'Europe/London')).toBe(iso('2026-07-12T23:00:00Z'));
    // A Monday maps to itself.
    expect(startOfLocalWeek(iso('2026-07-13T10:00:00Z'), 'Europe/London')).toBe(iso('2026-07-12T23:00:00Z'));
    // Sunday belongs to the week that began six days before.
    expect(startOfLocalWeek(iso('2026-07-19T10:00:00Z'), 'Europe/London')).toBe(iso('2026-07-12T23:00:00Z'));
  });

  it('a visit is the venue visit window before now', () => {
    expect(periodStart('visit', NOW, { timeZone: 'Europe/London', visitWindow: 3600 })).toBe(NOW - 3600);
  });
});

describe('applyVenuePolicy', async () => {
  const d = await makeDeployment();
  const v = await d.verifier();
  const venue: VenuePolicy = {
    services: ['citysave'],
    offers: [
      { id: 'lunch', service: 'citysave', title: '10% off food', limit: { count: 2, per: 'week' } },
      { id: 'open', service: 'citysave', title: 'Free coffee', limit: null },
      { id: 'swim', service: 'leisure', title: 'Swim', limit: { count: 1, per: 'visit' } },
    ],
    timeZone: 'Europe/London',
    visitWindow: 4 * 3600,
  };
  const history = (uses: number[]): UsageHistory & { asked: number[] } => {
    const asked: number[] = [];
    return {
      asked,
      usesSince(_card, _offer, since) {
        asked.push(since);
        const inside = uses.filter((u) => u >= since);
        return { count: inside.length, lastAt: inside.length ? Math.max(...inside) : null };
      },
    };
  };

  it('counts only uses inside the period', async () => {
    const check = await v.verify(await d.token());
    const weekStart = startOfLocalWeek(NOW, 'Europe/London');
    expect(applyVenuePolicy(check, venue, { offerId: 'lunch' }, history([weekStart - 10, NOW - 60]), NOW).reason).toBe(
      'ok',
    );
    const twice = applyVenuePolicy(check, venue, { offerId: 'lunch' }, history([weekStart + 10, NOW - 60]), NOW);
    expect(twice).toMatchObject({
      outcome: 'limited',
      reason: 'already_used',
      detail: { lastUsedAt: NOW - 60, offerId: 'lunch', service: 'citysave' },
    });
  });

  it('an offer without a limit never consults the history', async () => {
    const check = await v.verify(await d.token());
    const h = history([NOW - 1]);
    expect(applyVenuePolicy(check, venue, { offerId: 'open' }, h, NOW).reason).toBe('ok');
    expect(h.asked).toEqual([]);
  });

  it('an offer of a service the card lacks is not_entitled before any limit', async () => {
    const check = await v.verify(await d.token());
    expect(applyVenuePolicy(check, venue, { offerId: 'swim' }, history([]), NOW).reason).toBe('not_entitled');
  });

  it('without a service, any service on the card is enough', async () => {
    const check = await v.verify(await d.token({ svc: ['leisure'] }));
    expect(applyVenuePolicy(check, venue, {}, null, NOW).reason).toBe('ok');
  });

  it('leaves a refused card untouched and keeps warnings on limited results', async () => {
    const refused = await v.verify('not a token');
    expect(applyVenuePolicy(refused, venue, { service: 'citysave' }, null, NOW)).toBe(refused.result);
    const stale = await (await d.verifier(NOW + 2 * 3600)).verify(await d.token({ svc: ['library'] }));
    expect(applyVenuePolicy(stale, venue, { service: 'citysave' }, null, NOW).warnings).toEqual(['status_stale']);
  });

  it('refuses an offer the venue does not have', async () => {
    const check = await v.verify(await d.token());
    expect(() => applyVenuePolicy(check, venue, { offerId: 'nope' }, null, NOW)).toThrow(UnknownOfferError);
  });
});
