import { describe, expect, it } from 'vitest';
import type { ScanResult } from '../../src/contract/terminal-api';
import { CATALOGUES, plural } from '../../src/renderer/i18n';
import { describeResult } from '../../src/renderer/screens/describe-result';

function alreadyUsed(count: number, per: 'day' | 'week' | 'visit'): ScanResult {
  return {
    eventId: '018f0000-0000-7000-8000-000000000000',
    at: Date.now() / 1000,
    source: 'hid',
    outcome: 'limited',
    reason: 'already_used',
    warnings: [],
    card: null,
    service: 'citysave',
    offer: { id: 'cafe-10', title: 'City Save: 10% off', limit: { count, per } },
    lastUsedAt: Date.now() / 1000 - 60,
    validFrom: null,
    undoable: false,
    repeat: false,
    entered: null,
    libraryLookup: false,
    latencyMs: 1,
  };
}

describe('result words', () => {
  it("word the offer limit from the venue configuration, with each language's plurals", () => {
    const next = (lang: string, count: number, per: 'day' | 'week' | 'visit'): string =>
      describeResult(alreadyUsed(count, per), CATALOGUES[lang]!, 'staff').next;
    expect(next('en', 1, 'day')).toBe('The offer can be used once a day.');
    expect(next('en', 3, 'week')).toBe('The offer can be used 3 times a week.');
    expect(next('pl', 2, 'week')).toBe('Z oferty można skorzystać 2 razy w tygodniu.');
    expect(next('pl', 5, 'day')).toContain('5 razy');
    for (const lang of ['en', 'ar', 'pl', 'bn']) {
      for (const count of [1, 2, 3, 5, 11, 100]) {
        const text = next(lang, count, 'week');
        expect(text, `${lang} ${count}`).not.toMatch(/[{}]|\(s\)/);
      }
    }
    // Different counts are worded differently (a fixed "1 time(s)" was the bug).
    for (const lang of ['en', 'ar', 'pl', 'bn'])
      expect(new Set([1, 2, 5].map((n) => next(lang, n, 'day'))).size, lang).toBe(3);
  });

  it('residents get their own words, never staff advice', () => {
    for (const lang of ['en', 'ar', 'pl', 'bn']) {
      const t = CATALOGUES[lang]!;
      for (const reason of Object.keys(t.reasons) as (keyof typeof t.reasons)[]) {
        expect(t.resident.reasons[reason].next, `${lang} ${reason}`).not.toBe(t.reasons[reason].next);
      }
    }
    const r = { ...alreadyUsed(1, 'day'), outcome: 'invalid' as const, reason: 'revoked' as const };
    expect(describeResult(r, CATALOGUES['en']!, 'resident')).toEqual({
      headline: 'This card cannot be used',
      words: 'This card has been cancelled.',
      next: 'Please ask a member of staff.',
    });
  });

  it('plural() picks the CLDR form and writes the number in the language', () => {
    const forms = { one: '{count} scan', few: '{count} skany', many: '{count} skanów', other: '{count} x' };
    expect(plural('pl', forms, 1)).toBe('1 scan');
    expect(plural('pl', forms, 3)).toBe('3 skany');
    expect(plural('pl', forms, 12)).toBe('12 skanów');
    expect(plural('en', { other: '{count}' }, 1234)).toBe('1,234');
  });
});
