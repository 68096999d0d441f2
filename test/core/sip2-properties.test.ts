/**
 * Properties of the SIP2 codec over generated messages: encode then frame then decode gives the
 * message back in every character set and line ending; any one corrupted byte is refused with a
 * checksum problem; no sequence of bytes makes the decoder or a parser throw.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SIP2_CHARSETS, type Sip2Charset } from '../../src/core/sip2/charsets';
import { IBM850_TO_CHAR } from '../../src/core/sip2/ibm850';
import { formatSip2Date, parseSip2Date } from '../../src/core/sip2/date';
import { Sip2Framer } from '../../src/core/sip2/framer';
import { decodeMessage, encodeMessage, FIXED_LENGTHS, type Sip2Message } from '../../src/core/sip2/message';
import { parseLoginAnswer } from '../../src/core/sip2/login';
import { parseAcsStatus } from '../../src/core/sip2/status';
import { parsePatronInformation, parsePatronStatus } from '../../src/core/sip2/patron';
import { parseCheckoutAnswer, parseRenewAnswer } from '../../src/core/sip2/circulation';
import { parseItemInformation } from '../../src/core/sip2/item';

const FRAMING = new Set(['|', '\r', '\n']);

/** One character the set can hold, never one that frames a message. */
function character(charset: Sip2Charset, asciiOnly: boolean): fc.Arbitrary<string> {
  if (asciiOnly)
    return fc
      .integer({ min: 0x20, max: 0x7e })
      .map((c) => String.fromCharCode(c))
      .filter((c) => !FRAMING.has(c));
  const any =
    charset === 'utf-8'
      ? fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })
      : charset === 'iso-8859-1'
        ? fc.integer({ min: 0x20, max: 0xff }).map((c) => String.fromCharCode(c))
        : fc.constantFrom(...IBM850_TO_CHAR.slice(0x20));
  return any.filter((c) => !FRAMING.has(c));
}

function text(charset: Sip2Charset, asciiOnly: boolean, length: { min?: number; max: number }): fc.Arbitrary<string> {
  return fc
    .array(character(charset, asciiOnly), { minLength: length.min ?? 0, maxLength: length.max })
    .map((a) => a.join(''));
}

const ids = Object.keys(FIXED_LENGTHS);

function message(charset: Sip2Charset, asciiOnly = false): fc.Arbitrary<Sip2Message> {
  return fc.constantFrom(...ids).chain((id) => {
    const length = FIXED_LENGTHS[id] ?? 0;
    return fc.record({
      id: fc.constant(id),
      // A fixed part's length counts characters; one astral character would count two.
      fixed: fc
        .array(
          character(charset, asciiOnly).filter((c) => c.length === 1),
          { minLength: length, maxLength: length },
        )
        .map((a) => a.join('')),
      fields: fc.array(
        fc.record({
          id: fc.stringMatching(/^[A-Z][A-Z0-9]$/),
          value: text(charset, asciiOnly, { max: 20 }),
        }),
        { minLength: 1, maxLength: 6 },
      ),
    });
  });
}

const charsets = fc.constantFrom(...SIP2_CHARSETS);

function encode(
  m: Sip2Message,
  charset: Sip2Charset,
  lineEnding: 'CR' | 'CRLF',
  sequence: number | null,
  over: 'bytes' | 'characters' = 'bytes',
) {
  const r = encodeMessage(m, { charset, lineEnding, checksum: sequence !== null, sequence, checksumOver: over });
  if (!r.ok) throw new Error(r.problem.message);
  return r.value;
}

function withoutEnding(bytes: Uint8Array, lineEnding: 'CR' | 'CRLF'): Uint8Array {
  return bytes.subarray(0, bytes.length - (lineEnding === 'CRLF' ? 2 : 1));
}

describe('SIP2 codec properties', () => {
  it('encode, frame (in any pieces), decode: the same message, in every set and line ending', () => {
    fc.assert(
      fc.property(
        charsets.chain((charset) =>
          fc.tuple(
            fc.constant(charset),
            message(charset),
            fc.constantFrom('CR' as const, 'CRLF' as const),
            fc.option(fc.integer({ min: 0, max: 9 }), { nil: null }),
            fc.nat(),
          ),
        ),
        ([charset, m, lineEnding, sequence, cut]) => {
          const bytes = encode(m, charset, lineEnding, sequence);
          const framer = new Sip2Framer();
          const at = cut % (bytes.length + 1);
          const lines = [...framer.push(bytes.subarray(0, at)).lines, ...framer.push(bytes.subarray(at)).lines];
          expect(lines).toHaveLength(1);
          const decoded = decodeMessage(lines[0]!, { charset, requireChecksum: sequence !== null });
          expect(decoded).toEqual({
            ok: true,
            value: { message: m, sequence, checksum: sequence === null ? null : 'bytes' },
          });
        },
      ),
      { numRuns: 400 },
    );
  });

  it('a checksum summed over characters is accepted too, and says so where the sums differ', () => {
    fc.assert(
      fc.property(
        charsets.chain((charset) => fc.tuple(fc.constant(charset), message(charset), fc.integer({ min: 0, max: 9 }))),
        ([charset, m, sequence]) => {
          const line = withoutEnding(encode(m, charset, 'CR', sequence, 'characters'), 'CR');
          const decoded = decodeMessage(line, { charset, requireChecksum: true });
          expect(decoded.ok && decoded.value.message).toEqual(m);
          const strict = decodeMessage(line, { charset, requireChecksum: true, acceptCharacterSum: false });
          if (decoded.ok && decoded.value.checksum === 'characters') expect(strict.ok).toBe(false);
        },
      ),
      { numRuns: 200 },
    );
  });

  const corruption = (asciiOnly: boolean, acceptCharacterSum: boolean) =>
    fc.property(
      charsets.chain((charset) =>
        fc.tuple(
          fc.constant(charset),
          message(charset, asciiOnly),
          fc.integer({ min: 0, max: 9 }),
          fc.nat(),
          fc.integer({ min: 1, max: 255 }),
        ),
      ),
      ([charset, m, sequence, where, delta]) => {
        const line = Uint8Array.from(withoutEnding(encode(m, charset, 'CR', sequence), 'CR'));
        const at = where % line.length;
        const was = line[at]!;
        line[at] = (was + delta) & 0xff;
        // A hex letter of the checksum in the other case is the same checksum, not a corruption
        // (servers that write lower case are read: docs/libraries.md, "Dialect notes").
        const isHexLetter = (b: number): boolean => /^[A-Fa-f]$/.test(String.fromCharCode(b));
        fc.pre(!(at >= line.length - 4 && isHexLetter(was) && isHexLetter(line[at]) && (was ^ line[at]) === 0x20));
        const decoded = decodeMessage(line, { charset, requireChecksum: true, acceptCharacterSum });
        expect(decoded.ok).toBe(false);
        if (decoded.ok) return;
        expect(decoded.problem).toMatchObject({ kind: 'checksum', field: 'AZ' });
        expect(decoded.problem.message).toMatch(/checksum/);
      },
    );

  it('any one corrupted byte is refused, naming the checksum (bytes only)', () => {
    fc.assert(corruption(false, false), { numRuns: 500 });
  });

  it('any one corrupted byte of an ASCII message is refused with character sums accepted too', () => {
    // Beyond ASCII, accepting character sums lets a corruption that shifts the byte sum by exactly
    // the bytes-to-characters difference through (docs/decisions.md); ASCII has no difference.
    fc.assert(corruption(true, true), { numRuns: 500 });
  });

  it('no bytes make the decoder or a parser throw', () => {
    const parsers = [
      parseLoginAnswer,
      parseAcsStatus,
      parsePatronInformation,
      parsePatronStatus,
      parseCheckoutAnswer,
      parseRenewAnswer,
      parseItemInformation,
    ];
    const line = fc.oneof(
      fc.uint8Array({ maxLength: 300 }),
      // Lines that start like answers, to get past the id and into the fields.
      fc
        .tuple(fc.constantFrom('94', '98', '64', '24', '12', '30', '18'), fc.uint8Array({ maxLength: 120 }))
        .map(([id, rest]) => Uint8Array.from([id.charCodeAt(0), id.charCodeAt(1), ...rest])),
    );
    fc.assert(
      fc.property(line, charsets, fc.boolean(), (bytes, charset, requireChecksum) => {
        const decoded = decodeMessage(bytes, { charset, requireChecksum });
        expect(typeof decoded.ok).toBe('boolean');
        if (!decoded.ok) {
          expect(decoded.problem.message.length).toBeGreaterThan(0);
          return;
        }
        for (const parse of parsers) expect(typeof parse(decoded.value.message).ok).toBe('boolean');
      }),
      { numRuns: 1000 },
    );
  });

  it('the framer takes any bytes in any pieces', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 100 }), { maxLength: 10 }), (chunks) => {
        const framer = new Sip2Framer();
        for (const c of chunks) for (const line of framer.push(c).lines) expect(line.length).toBeGreaterThan(0);
      }),
    );
  });

  it('SIP2 dates: written and read back to the second', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }),
        (d) => {
          const parsed = parseSip2Date(formatSip2Date(d.getTime()));
          expect(parsed).toEqual({
            year: d.getUTCFullYear(),
            month: d.getUTCMonth() + 1,
            day: d.getUTCDate(),
            hour: d.getUTCHours(),
            minute: d.getUTCMinutes(),
            second: d.getUTCSeconds(),
            zone: '   Z',
          });
        },
      ),
    );
  });
});
