/**
 * ECDSA signatures are malleable: from a genuine ES256 signature (r, s), (r, n - s) verifies too,
 * and about half of genuine cards carry a high s, so neither may be refused. Nothing may key on
 * the signature bytes: the same card with the twin signature is the same card.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { makeTerminal, type TestTerminal } from '../support/terminal';

const P256_ORDER = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;

/** The same token with its signature's twin, (r, n - s). */
function twin(token: string): string {
  const [header, payload, sig] = token.split('.') as [string, string, string];
  const bytes = Buffer.from(sig, 'base64url');
  const s = BigInt(`0x${bytes.subarray(32).toString('hex')}`);
  const flipped = Buffer.from((P256_ORDER - s).toString(16).padStart(64, '0'), 'hex');
  return `${header}.${payload}.${Buffer.concat([bytes.subarray(0, 32), flipped]).toString('base64url')}`;
}

const open: TestTerminal[] = [];
afterEach(async () => {
  for (const t of open.splice(0)) await t.service.close();
});

describe('ECDSA malleability', () => {
  it('the twin of a genuine card is genuine, and the same card: a repeat, then already used', async () => {
    const now = { t: Date.now() / 1000 };
    const t = await makeTerminal({ clock: { now: () => now.t } });
    open.push(t);
    await t.service.setPin({ next: '482916' });
    await t.service.unlock({ pin: '482916' });
    await t.service.updateSettings({ offerId: 'cafe-10' });
    const genuine = t.cards['citysave']!.token;
    const variant = twin(genuine);
    expect(variant).not.toBe(genuine);

    const first = (await t.service.submit({ text: genuine, source: 'camera' })).result;
    expect(first).toMatchObject({ outcome: 'valid', undoable: true });
    // The twin at once: the same presentation, not a second discount.
    const again = (await t.service.submit({ text: variant, source: 'hid' })).result;
    expect(again).toMatchObject({ repeat: true, eventId: first.eventId });
    // Later, the twin is genuine (not refused) and counts against the same card's offer.
    now.t += 60;
    const later = (await t.service.submit({ text: variant, source: 'hid' })).result;
    expect(later).toMatchObject({ outcome: 'limited', reason: 'already_used', repeat: false });
  });

  it('a card whose signature has a high s is valid, and so is its low-s twin', async () => {
    const t = await makeTerminal();
    open.push(t);
    await t.service.setPin({ next: '482916' });
    await t.service.unlock({ pin: '482916' });
    for (const card of Object.values(t.cards)) {
      await t.service.updateSettings({ language: 'en' }); // forgets earlier answers
      const a = (await t.service.submit({ text: card.token, source: 'hid' })).result;
      await t.service.updateSettings({ language: 'en' });
      const b = (await t.service.submit({ text: twin(card.token), source: 'hid' })).result;
      expect([b.outcome, b.reason], card.id).toEqual([a.outcome, a.reason]);
    }
  });
});
