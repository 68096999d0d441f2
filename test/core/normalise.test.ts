import { describe, expect, it } from 'vitest';
import { normaliseMessage } from '../../src/core/normalise';

const TOKEN = 'eyJhbGciOiJFUzI1NiJ9.eyJ2IjoxfQ.c2ln';

describe('normaliseMessage', () => {
  it('passes a bare token through', () => {
    expect(normaliseMessage(TOKEN)).toMatchObject({ text: TOKEN, aim: null, tokenShaped: true });
  });

  it('strips surrounding whitespace, CR/LF and NUL padding', () => {
    expect(normaliseMessage(`  \r\n${TOKEN}\r\n\u0000`).text).toBe(TOKEN);
  });

  it.each([']Q1', ']L2', ']z0', ']C0', ']d2'])('strips the AIM identifier %s and reports it', (aim) => {
    const m = normaliseMessage(aim + TOKEN + '\r\n');
    expect(m).toMatchObject({ text: TOKEN, aim, tokenShaped: true });
  });

  it('strips ECI designators, alone or after an AIM identifier', () => {
    expect(normaliseMessage('\\000026' + TOKEN).text).toBe(TOKEN);
    expect(normaliseMessage(']Q2\\000026\\000003' + TOKEN)).toMatchObject({ text: TOKEN, aim: ']Q2' });
  });

  it('takes the token from the fragment of an https URL', () => {
    expect(normaliseMessage('https://cards.example.gov.uk/c#' + TOKEN)).toMatchObject({
      text: TOKEN,
      tokenShaped: true,
    });
    expect(normaliseMessage(']Q1HTTPS://cards.example.gov.uk/c?x=1#' + TOKEN).text).toBe(TOKEN);
  });

  it('does not take a fragment from a plain http URL', () => {
    expect(normaliseMessage('http://cards.example.gov.uk/c#' + TOKEN).tokenShaped).toBe(false);
  });

  it.each([
    ['an ISBN', '9780140449136'],
    ['a till receipt', 'TOTAL 12.50 GBP'],
    ['two segments', 'abc.def'],
    ['four segments', 'a.b.c.d'],
    ['an empty line', ''],
    ['padding characters', 'YQ==.YQ==.YQ=='],
  ])('marks %s as not token-shaped', (_label, text) => {
    expect(normaliseMessage(text).tokenShaped).toBe(false);
  });

  it.each([
    ['a space', TOKEN.replace('.', ' .')],
    ['a tab', TOKEN.replace('.', '.\t')],
    ['a line feed', TOKEN.replace('.', '\n.')],
    ['a NUL', TOKEN.replace('.', '\u0000.')],
  ])('refuses a message with %s inside', (_label, text) => {
    const m = normaliseMessage(text);
    expect(m.hasInnerControl).toBe(true);
    expect(m.tokenShaped).toBe(false);
  });

  it('accepts an empty signature segment so that alg:none is recognised', () => {
    expect(normaliseMessage('eyJhbGciOiJub25lIn0.eyJ2IjoxfQ.').tokenShaped).toBe(true);
  });
});
