/**
 * The venue form's model (src/console/pages/venue-config.ts): a configuration round-trips through
 * the form unchanged, members the form does not show are kept, the LMS password is sent only
 * when typed, and the checks match the terminals' own (parseVenueConfig).
 */
import { describe, expect, it } from 'vitest';
import { parseVenueConfig } from '../../src/core/venue-config';
import {
  configFromDraft,
  draftFromConfig,
  newOffer,
  validateDraft,
  type VenueDraft,
} from '../../src/console/pages/venue-config';

const LIBRARY = {
  venueId: 'central',
  name: 'Central Library',
  role: 'library_desk',
  services: ['library', 'citysave'],
  offers: [{ id: 'cafe-10', service: 'citysave', title: '10% off', limit: { count: 1, per: 'day' } }],
  timeZone: 'Europe/London',
  libraryNumberPattern: '^[0-9]{14}$',
  staleness: { statusHardLimit: 3600 },
  retentionDays: 14,
  lms: {
    protocol: 'sip2',
    host: 'sip.example',
    port: 6001,
    institution: 'CEN',
    user: 'cp',
    tls: true,
    charset: 'utf-8',
  },
};

describe('the venue form', () => {
  it('round-trips a configuration, keeping what it does not show', () => {
    const draft = draftFromConfig(LIBRARY);
    expect(validateDraft(draft, false)).toEqual({});
    const out = configFromDraft(LIBRARY, draft, false);
    expect(out).toEqual(LIBRARY);
    expect(() => parseVenueConfig(out)).not.toThrow();
  });

  it('sends the LMS password only when one was typed', () => {
    const draft = draftFromConfig(LIBRARY);
    expect(configFromDraft(LIBRARY, draft, false)['lms']).not.toHaveProperty('password');
    const typed: VenueDraft = { ...draft, lms: { ...draft.lms, password: 's3cret' } };
    expect(configFromDraft(LIBRARY, typed, false)['lms']).toMatchObject({ password: 's3cret', tls: true });
  });

  it('asks for a password for a new link, not for one the terminals hold', () => {
    const fresh = draftFromConfig({ ...LIBRARY, lms: null });
    const enabled: VenueDraft = {
      ...fresh,
      lms: { ...fresh.lms, enabled: true, host: 'sip.example', port: '6001', institution: 'CEN', user: 'cp' },
    };
    expect(validateDraft(enabled, false)).toEqual({ 'lms.password': 'passwordMissing' });
    expect(validateDraft(draftFromConfig(LIBRARY), false)).toEqual({});
  });

  it('a venue manager changes the offers and nothing else', () => {
    const draft = draftFromConfig(LIBRARY);
    const changed: VenueDraft = { ...draft, name: 'Renamed', offers: [] };
    expect(configFromDraft(LIBRARY, changed, true)).toEqual({ ...LIBRARY, offers: [] });
  });

  it('finds what the terminals would refuse, by field', () => {
    const draft = draftFromConfig(null);
    const bad: VenueDraft = {
      ...draft,
      venueId: 'Bad Id',
      name: ' ',
      services: [],
      timeZone: 'Mars/Olympus',
      libraryNumberPattern: '([',
      offers: [
        { ...newOffer('citysave'), id: 'x', title: '' },
        { ...newOffer('library'), id: 'x', title: 'ok', limitCount: '0' },
      ],
    };
    const problems = validateDraft(bad, true);
    const [first, second] = bad.offers;
    expect(problems).toEqual({
      venueId: 'idFormat',
      name: 'nameMissing',
      services: 'servicesMissing',
      timeZone: 'timeZone',
      libraryNumberPattern: 'pattern',
      [`offer.${first!.key}.service`]: 'offerService',
      [`offer.${first!.key}.title`]: 'offerTitle',
      [`offer.${second!.key}.id`]: 'offerIdTaken',
      [`offer.${second!.key}.service`]: 'offerService',
      [`offer.${second!.key}.limitCount`]: 'limitCount',
    });
  });

  it('a new venue from a filled-in form is one the terminals accept', () => {
    const draft: VenueDraft = {
      ...draftFromConfig(null),
      venueId: 'west-gallery',
      name: 'West Gallery',
      role: 'partner',
      services: ['citysave'],
      otherServices: 'museums, ',
      offers: [{ ...newOffer('citysave'), id: 'shop', title: '15% off', limitCount: '2', limitPer: 'week' }],
    };
    expect(validateDraft(draft, true)).toEqual({});
    const config = parseVenueConfig(configFromDraft({}, draft, false));
    expect(config.services).toEqual(['citysave', 'museums']);
    expect(config.offers).toEqual([
      { id: 'shop', service: 'citysave', title: '15% off', limit: { count: 2, per: 'week' } },
    ]);
  });
});
