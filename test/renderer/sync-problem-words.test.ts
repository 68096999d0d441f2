import { describe, expect, it } from 'vitest';
import { SYNC_PROBLEMS } from '../../src/contract/problem-codes';
import { CATALOGUES } from '../../src/renderer/i18n';

/**
 * Status and Admin word a sync problem from its code (test/sync/sync-faults.test.ts checks that a
 * refused trust or status list sets the code); the developer message is only the detail for
 * support, and never the words.
 */
describe('sync problem words', () => {
  it('a refused issuer list or cancellation list is said in plain words', () => {
    const en = CATALOGUES['en']!.syncProblems;
    expect(en.trust_list_refused).toBe(
      'The card server sent an issuer list this terminal could not trust; it keeps its own.',
    );
    expect(en.status_list_refused).toBe(
      'The card server sent a cancellation list this terminal could not trust; it keeps its own.',
    );
  });

  it('every problem has words in every language, with none of the developer detail', () => {
    // What the sync client's messages say (the detail for support): never the words staff read.
    const developer = /rollback|refused \(|bad_signature|\/v1\/|POST|GET|fetch|status list|trust list|HTTP/i;
    for (const [lang, t] of Object.entries(CATALOGUES)) {
      for (const code of SYNC_PROBLEMS) {
        const words = t.syncProblems[code];
        expect(words, `${lang} ${code}`).toMatch(/\S/);
        expect(words, `${lang} ${code}`).not.toMatch(developer);
      }
    }
  });
});
