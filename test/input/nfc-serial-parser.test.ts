import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DEFAULT_NFC_SERIAL_FORMAT,
  MAX_NFC_LINE_CHARS,
  NfcSerialParser,
  classifyNfcLine,
  nfcSerialFormatProblem,
  type NfcSerialEvent,
  type NfcSerialFormat,
} from '../../src/core/nfc-serial-parser';

const TOKEN =
  'eyJhbGciOiJFUzI1NiIsImtpZCI6IkNsMWpyb2RRQSIsInR5cCI6ImNpdmljcGFzcytqd3QifQ.eyJ2IjoxLCJzdWIiOiJjYXJkXzAwMDEifQ.c2lnbmF0dXJl';

function messages(events: NfcSerialEvent[]): unknown[] {
  return events.map((e) => (e.kind === 'message' ? e.message : { rejected: e.why }));
}

function parseAll(chunks: readonly (string | Uint8Array)[], format?: NfcSerialFormat, max?: number): NfcSerialEvent[] {
  const p = new NfcSerialParser(format, max);
  return chunks.flatMap((c) => p.push(c));
}

describe('NFC serial lines (VTAP virtual COM port)', () => {
  it('reads an Apple and a Google pass, each ended by CR LF, as a VTAP with ComPortPrefix=$t sends them', () => {
    const out = parseAll([`A${TOKEN}\r\nG${TOKEN}\r\n`]);
    expect(messages(out)).toEqual([
      { pass: 'apple', payload: TOKEN },
      { pass: 'google', payload: TOKEN },
    ]);
  });

  it('accepts LF, CR and CR LF in any mix, and skips blank and padding-only lines', () => {
    const out = parseAll([`\r\nA1\nG2\rA3\r\n\r\n\n  \u0000\r\nG4\n`]);
    expect(messages(out)).toEqual([
      { pass: 'apple', payload: '1' },
      { pass: 'google', payload: '2' },
      { pass: 'apple', payload: '3' },
      { pass: 'google', payload: '4' },
    ]);
  });

  it('does not make two messages (or an empty one) of a CR LF split between chunks', () => {
    expect(messages(parseAll([`A${TOKEN}\r`, `\nG${TOKEN}\r`, '\n']))).toEqual([
      { pass: 'apple', payload: TOKEN },
      { pass: 'google', payload: TOKEN },
    ]);
  });

  it('reads bytes as well as text, and holds a partial line until its ending arrives', () => {
    const p = new NfcSerialParser();
    const bytes = new TextEncoder().encode(`G${TOKEN}\r\n`);
    expect(p.push(bytes.subarray(0, 40))).toEqual([]);
    expect(p.push(bytes.subarray(40, bytes.length - 2))).toEqual([]);
    expect(messages(p.push(bytes.subarray(bytes.length - 2)))).toEqual([{ pass: 'google', payload: TOKEN }]);
  });

  it('passes a line with no known prefix on whole, with no pass type', () => {
    expect(messages(parseAll(['04A1B2C3D4\r\n', `${TOKEN}\r\n`]))).toEqual([
      { pass: null, payload: '04A1B2C3D4' },
      { pass: null, payload: TOKEN },
    ]);
  });

  it('uses configured prefixes: a separator after the type, a longer prefix first, an empty one disabled', () => {
    const colon: NfcSerialFormat = { lineEnding: '\n', prefixes: { apple: 'A:', google: 'G:' } };
    expect(messages(parseAll([`A:${TOKEN}\nG:x\nAx\n`], colon))).toEqual([
      { pass: 'apple', payload: TOKEN },
      { pass: 'google', payload: 'x' },
      { pass: null, payload: 'Ax' },
    ]);
    expect(classifyNfcLine('AGxyz', { apple: 'A', google: 'AG' })).toEqual({ pass: 'google', payload: 'xyz' });
    expect(classifyNfcLine('Axyz', { apple: 'A', google: 'AG' })).toEqual({ pass: 'apple', payload: 'xyz' });
    expect(classifyNfcLine('Axyz', { apple: '', google: '' })).toEqual({ pass: null, payload: 'Axyz' });
  });

  it('ends lines at a custom ending too (ETX), even split across chunks or followed by CR LF', () => {
    const etx: NfcSerialFormat = { lineEnding: '\u0003', prefixes: { apple: 'A', google: 'G' } };
    expect(messages(parseAll(['A1\u0003G2\u0003\r\n', 'A3\r\n'], etx))).toEqual([
      { pass: 'apple', payload: '1' },
      { pass: 'google', payload: '2' },
      { pass: 'apple', payload: '3' },
    ]);
    const hashes: NfcSerialFormat = { lineEnding: '##\r\n', prefixes: { apple: 'A', google: 'G' } };
    expect(messages(parseAll(['A1#', '#', '\r', '\nG2#x##'], hashes))).toEqual([
      { pass: 'apple', payload: '1' },
      { pass: 'google', payload: '2#x' },
    ]);
  });

  it('rejects a pass-type prefix with nothing after it', () => {
    expect(messages(parseAll(['A\r\nG \r\n']))).toEqual([
      { rejected: 'a pass-type prefix arrived with no payload' },
      { rejected: 'a pass-type prefix arrived with no payload' },
    ]);
  });

  it('drops an over-long line once, at its end, keeping almost nothing of it meanwhile, then reads on', () => {
    const p = new NfcSerialParser();
    const junk = 'x'.repeat(1000);
    for (let i = 0; i < 100; i++) expect(p.push(junk)).toEqual([]);
    // The buffered part of the line never grows past the limit, however much garbage arrives.
    expect((p as unknown as { current: string }).current.length).toBeLessThanOrEqual(MAX_NFC_LINE_CHARS);
    expect(messages(p.push(`\r\nA${TOKEN}\r\n`))).toEqual([
      { rejected: `a line longer than ${MAX_NFC_LINE_CHARS} characters was dropped` },
      { pass: 'apple', payload: TOKEN },
    ]);
  });

  it('keeps a line of exactly the limit, and drops one character more', () => {
    const exact = 'G' + 'y'.repeat(MAX_NFC_LINE_CHARS - 1);
    expect(messages(parseAll([`${exact}\n${exact}y\n`]))).toEqual([
      { pass: 'google', payload: exact.slice(1) },
      { rejected: `a line longer than ${MAX_NFC_LINE_CHARS} characters was dropped` },
    ]);
  });

  it('drops a partial line on reset (the reader went away), and says nothing when there was none', () => {
    const p = new NfcSerialParser();
    p.push(`A${TOKEN.slice(0, 20)}`);
    expect(messages(p.reset())).toEqual([{ rejected: 'a message ended without its line ending' }]);
    expect(p.reset()).toEqual([]);
    expect(messages(p.push(`${TOKEN.slice(20)}\r\n`))).toEqual([{ pass: null, payload: TOKEN.slice(20) }]);
  });

  it('refuses formats that cannot work, in words', () => {
    const ok = DEFAULT_NFC_SERIAL_FORMAT;
    expect(nfcSerialFormatProblem(ok)).toBeNull();
    expect(nfcSerialFormatProblem({ ...ok, lineEnding: '' })).toEqual({
      part: 'lineEnding',
      text: 'the line ending is empty',
    });
    expect(nfcSerialFormatProblem({ ...ok, prefixes: { apple: 'X', google: 'X' } })).toEqual({
      part: 'googlePrefix',
      text: 'the Apple and Google prefixes are the same',
    });
    expect(nfcSerialFormatProblem({ ...ok, prefixes: { apple: 'A\n', google: 'G' } })).toEqual({
      part: 'applePrefix',
      text: 'the Apple prefix contains a line break',
    });
    expect(() => new NfcSerialParser({ ...ok, lineEnding: '' })).toThrow(RangeError);
  });
});

describe('NFC serial lines: properties', () => {
  const formats: NfcSerialFormat[] = [
    DEFAULT_NFC_SERIAL_FORMAT,
    { lineEnding: '\n', prefixes: { apple: 'A:', google: 'G:' } },
    { lineEnding: '\u0003\r\n', prefixes: { apple: 'A', google: '' } },
    { lineEnding: '##', prefixes: { apple: 'A', google: 'AG' } },
  ];
  // Characters that exercise every path: terminators, prefix letters, padding and high bytes.
  const streamChar = fc.constantFrom('\r', '\n', '\u0003', '#', 'A', 'G', ':', 'x', '.', ' ', '\u0000', '\u00ff');
  const stream = fc.array(streamChar, { maxLength: 300 }).map((cs) => cs.join(''));

  function chunked(text: string, cuts: number[]): string[] {
    const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
    const chunks: string[] = [];
    let at = 0;
    for (const p of points) {
      chunks.push(text.slice(at, p));
      at = p;
    }
    chunks.push(text.slice(at));
    return chunks;
  }

  it('any chunking of a stream gives the same messages and rejections', () => {
    fc.assert(
      fc.property(
        stream,
        fc.array(fc.nat(), { maxLength: 40 }),
        fc.constantFrom(...formats),
        fc.constantFrom(8, 64, MAX_NFC_LINE_CHARS),
        fc.boolean(),
        (text, cuts, format, max, asBytes) => {
          const whole = parseAll([text], format, max);
          const pieces = chunked(text, cuts).map((c) => (asBytes ? Uint8Array.from(c, (ch) => ch.charCodeAt(0)) : c));
          expect(parseAll(pieces, format, max)).toEqual(whole);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('lines joined by any mix of line endings come back as the same payloads, in order', () => {
    const payload = fc
      .array(fc.constantFrom('e', 'y', 'J', '.', '-', '_', '0', '9'), { minLength: 1, maxLength: 200 })
      .map((cs) => cs.join(''));
    const line = fc.record({ pass: fc.constantFrom('apple', 'google', null), payload });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(line, fc.constantFrom('\r\n', '\n', '\r', '\r\n\r\n')), { maxLength: 20 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        (lines, cuts) => {
          const prefix = { apple: 'A', google: 'G', none: '' };
          const text = lines.map(([l, end]) => prefix[l.pass ?? 'none'] + l.payload + end).join('');
          const out = parseAll(chunked(text, cuts));
          expect(messages(out)).toEqual(lines.map(([l]) => l));
        },
      ),
      { numRuns: 300 },
    );
  });
});
