/**
 * Every message the terminal uses, against the in-repo SIP2 test server over real TCP on
 * 127.0.0.1, in every dialect the issue names: CR and CRLF, with and without error detection,
 * UTF-8, ISO-8859-1 and IBM850, checksums over characters, and a server without Patron
 * Information (23/24 only).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startSip2TestServer, type Sip2TestServer } from '../../server/sip2-test/server';
import { DEMO_LIBRARY } from '../../server/sip2-test/demo-library';
import type { Dialect } from '../../server/sip2-test/dialect';
import { Sip2LibrarySystem } from '../../src/node/sip2/sip2-library-system';

const AMIRA = '29876000000017';
const ZOE = '29876000000058';
const BLOCKED = '29876000000066';
const LOST = '29876000000074';
const OVERDUE = '29876000000082';
const GRACE = '29876000000025';

let open: { server: Sip2TestServer; lms: Sip2LibrarySystem } | null = null;
afterEach(async () => {
  await open?.lms.close();
  await open?.server.close();
  open = null;
});

async function start(dialect: Partial<Dialect>) {
  const server = await startSip2TestServer({ dialect });
  const lms = new Sip2LibrarySystem({
    host: server.host,
    port: server.port,
    institution: DEMO_LIBRARY.institution,
    user: DEMO_LIBRARY.user,
    password: DEMO_LIBRARY.password,
    charset: server.dialect.charset,
    lineEnding: server.dialect.lineEnding,
    errorDetection: server.dialect.errorDetection,
  });
  open = { server, lms };
  return open;
}

const DIALECTS: [string, Partial<Dialect>][] = [
  ['UTF-8, CR, error detection', {}],
  ['CRLF', { lineEnding: 'CRLF' }],
  ['no error detection', { errorDetection: false }],
  ['ISO-8859-1', { charset: 'iso-8859-1' }],
  ['IBM850, CRLF', { charset: 'ibm850', lineEnding: 'CRLF' }],
  ['checksums over characters (UTF-8)', { checksumOverCharacters: true }],
  ['checksums over characters (IBM850)', { checksumOverCharacters: true, charset: 'ibm850' }],
];

describe.each(DIALECTS)('SIP2 against the test server: %s', (_, dialect) => {
  it('patron accounts, loans, checkouts and their refusals, renew all', async () => {
    const { lms, server } = await start(dialect);
    const full = server.dialect.charset === 'utf-8' ? 'Zoë Łukasiewicz' : 'Zoë ?ukasiewicz';

    expect(await lms.capabilities()).toEqual({ patronInformation: true, checkout: true, renew: true, renewAll: true });
    expect(await lms.patron(AMIRA)).toEqual({
      valid: true,
      passwordValid: null,
      name: 'Amira',
      canBorrow: true,
      blocks: [],
      fines: null,
      overdueCount: 0,
      chargedCount: 1,
      screenMessage: null,
    });
    expect(await lms.patron(ZOE, '2468')).toMatchObject({
      name: full,
      passwordValid: true,
      canBorrow: true,
      fines: { amount: 4.5, currency: 'GBP' },
      screenMessage: 'You owe £4.50',
    });
    expect(await lms.patron(ZOE, 'wrong')).toMatchObject({ passwordValid: false, canBorrow: false });
    expect(await lms.patron(BLOCKED)).toMatchObject({
      name: 'Siobhán Ó Ceallaigh',
      canBorrow: false,
      blocks: ['charge_denied'],
    });
    expect(await lms.patron(LOST)).toMatchObject({
      name: 'José Müller',
      canBorrow: false,
      blocks: ['charge_denied', 'card_reported_lost'],
    });
    expect(await lms.patron(OVERDUE)).toMatchObject({
      canBorrow: false,
      blocks: ['too_many_overdue'],
      overdueCount: 3,
    });
    expect(await lms.patron('29876000009999')).toMatchObject({ valid: false, canBorrow: false, name: null });

    const loans = await lms.loans(AMIRA);
    expect(loans).toEqual([
      {
        itemId: '31234000000011',
        title: 'The Hobbit',
        dueDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) as string,
      },
    ]);

    const ok = await lms.checkout(GRACE, '31234000000045');
    expect(ok).toMatchObject({ ok: true, loan: { itemId: '31234000000045', title: 'Les Misérables' } });
    const due = new Date(Date.now() + 21 * 86_400_000).toISOString().slice(0, 10);
    expect(ok.ok && [due, new Date(Date.now() + 22 * 86_400_000).toISOString().slice(0, 10)]).toContain(
      ok.ok && ok.loan.dueDate,
    );
    expect(await lms.checkout(AMIRA, '31234000000011')).toMatchObject({ ok: false, refusal: 'already_on_card' });
    expect(await lms.checkout(AMIRA, '31234000000052')).toMatchObject({
      ok: false,
      refusal: 'item_refused',
      title: 'Oxford English Dictionary (reference)',
    });
    expect(await lms.checkout(AMIRA, '31234000000060')).toMatchObject({
      ok: false,
      refusal: 'on_hold',
      title: 'Small Island',
    });
    expect(await lms.checkout(AMIRA, '31234000009999')).toMatchObject({ ok: false, refusal: 'unknown_item' });
    expect(await lms.checkout(BLOCKED, '31234000000029')).toMatchObject({ ok: false, refusal: 'patron_blocked' });
    expect(await lms.checkout(LOST, '31234000000029')).toMatchObject({ ok: false, refusal: 'patron_blocked' });

    // Up to the limit of five, then refused as such.
    for (const item of ['31234000000029', '31234000000037', '31234000000078'])
      expect((await lms.checkout(AMIRA, item)).ok).toBe(true);
    expect((await lms.checkout(AMIRA, '31234000000045')).ok).toBe(false); // Grace has it
    expect(await lms.patron(AMIRA)).toMatchObject({ chargedCount: 4 });
    server.library.items.set('31234000000110', { id: '31234000000110', title: 'Small Island II' });
    server.library.items.set('31234000000128', { id: '31234000000128', title: 'NW' });
    expect((await lms.checkout(AMIRA, '31234000000110')).ok).toBe(true);
    expect(await lms.checkout(AMIRA, '31234000000128')).toMatchObject({ ok: false, refusal: 'limit_reached' });

    const renewal = await lms.renewAll(OVERDUE);
    expect(renewal.renewed.map((l) => l.itemId)).toEqual(['31234000000086', '31234000000102']);
    expect(renewal.refused).toEqual([
      {
        itemId: '31234000000094',
        title: 'Half of a Yellow Sun',
        dueDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) as string,
      },
    ]);
    expect(lms.link.state).toBe('up');
    // One login and one status for the whole run: the connection is kept.
    expect(server.requests.filter((r) => r === '93')).toHaveLength(1);
    expect(server.requests.filter((r) => r === '97' || r === '??')).toEqual([]);
  });
});

describe('a server without Patron Information (only 23/24)', () => {
  it('uses Patron Status, offers no loans list and no renew all', async () => {
    const { lms, server } = await start({ patronInformation: false });
    expect(await lms.capabilities()).toEqual({
      patronInformation: false,
      checkout: true,
      renew: true,
      renewAll: false,
    });
    expect(await lms.patron(ZOE)).toMatchObject({
      valid: true,
      canBorrow: true,
      fines: { amount: 4.5, currency: 'GBP' },
      overdueCount: null,
      chargedCount: null,
    });
    expect(await lms.patron(LOST)).toMatchObject({ canBorrow: false, blocks: ['charge_denied', 'card_reported_lost'] });
    expect(await lms.loans(AMIRA)).toEqual([]);
    await expect(lms.renewAll(AMIRA)).rejects.toMatchObject({ problem: 'lms_protocol' });
    expect(await lms.checkout(AMIRA, '31234000000011')).toMatchObject({ ok: false, refusal: 'already_on_card' });
    expect(await lms.checkout(BLOCKED, '31234000000029')).toMatchObject({ ok: false, refusal: 'patron_blocked' });
    expect(await lms.checkout(AMIRA, '31234000000060')).toMatchObject({ ok: false, refusal: 'on_hold' });
    expect(server.requests).not.toContain('63');
    expect(server.requests).toContain('23');
  });
});
