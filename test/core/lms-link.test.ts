import { describe, expect, it } from 'vitest';
import { parseLmsLink } from '../../src/core/lms-link';
import { parseVenueConfig, VenueConfigError } from '../../src/core/venue-config';

const LINK = { host: 'koha.example.org', port: 6001, institution: 'CPL', user: 'civicpass' };

describe('a venue link to its library system (lms)', () => {
  it('fills the defaults a SIP2 server most often has', () => {
    expect(parseLmsLink(LINK)).toEqual({
      protocol: 'sip2',
      host: 'koha.example.org',
      port: 6001,
      tls: null,
      institution: 'CPL',
      location: null,
      user: 'civicpass',
      charset: 'utf-8',
      lineEnding: 'CR',
      errorDetection: true,
      timeoutMs: 3000,
      currency: null,
    });
    expect(parseLmsLink(undefined)).toBeNull();
    expect(parseLmsLink({ ...LINK, tls: true })?.tls).toEqual({ ca: null, serverName: null });
  });

  it('refuses, naming the member, what would break a connection or a SIP2 message', () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ ...LINK, host: 'koha example' }, /host/],
      [{ ...LINK, port: 70000 }, /port/],
      [{ ...LINK, user: 'a|b' }, /user/],
      [{ ...LINK, institution: 'CPL\r' }, /institution/],
      [{ ...LINK, charset: 'latin9' }, /charset/],
      [{ ...LINK, lineEnding: 'LF' }, /lineEnding/],
      [{ ...LINK, timeoutMs: 50 }, /timeoutMs/],
      [{ ...LINK, tls: { ca: 'not a certificate' } }, /tls\.ca/],
      [{ ...LINK, currency: 'pounds' }, /currency/],
      [{ ...LINK, protocol: 'ncip' }, /protocol/],
    ];
    for (const [raw, message] of cases) expect(() => parseLmsLink(raw), JSON.stringify(raw)).toThrow(message);
  });

  it('a venue configuration with a bad link is refused as a whole', () => {
    const venue = { venueId: 'lib', role: 'library_desk', services: ['library'] };
    expect(parseVenueConfig({ ...venue, lms: LINK }).lms?.host).toBe('koha.example.org');
    expect(parseVenueConfig(venue).lms).toBeNull();
    expect(() => parseVenueConfig({ ...venue, lms: { ...LINK, port: 'six' } })).toThrow(VenueConfigError);
  });
});
