import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { binaryStringBytes, decodeBase64url, decodeBase64urlBinary } from '../../src/core/base64url';
import { decodeJsonSegment } from '../../src/core/jws-parse';

describe('decodeBase64url', () => {
  it('agrees with Node for every byte string', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const text = Buffer.from(bytes).toString('base64url');
        expect(Buffer.from(decodeBase64url(text)!)).toEqual(Buffer.from(bytes));
      }),
    );
  });

  it('refuses padding, standard base64 characters, whitespace and impossible lengths', () => {
    for (const bad of ['YQ==', 'a+b/', 'YW Jj', 'Y', 'YWJjZ', 'é']) expect(decodeBase64url(bad), bad).toBeNull();
  });

  it('refuses non-canonical encodings whose spare bits are set', () => {
    expect(decodeBase64url('YQ')).toEqual(Uint8Array.of(0x61));
    expect(decodeBase64url('YR')).toBeNull();
  });
});

describe('decodeBase64urlBinary (native atob behind strict checks)', () => {
  it('gives the same bytes as decodeBase64url for every byte string', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const text = Buffer.from(bytes).toString('base64url');
        expect(binaryStringBytes(decodeBase64urlBinary(text)!)).toEqual(decodeBase64url(text));
      }),
    );
  });

  it('refuses exactly what decodeBase64url refuses, though atob would take most of it', () => {
    // atob ignores whitespace and padding, accepts + and /, and drops spare bits.
    for (const bad of ['YQ==', 'a+b/', 'YW Jj', 'Y', 'YWJjZ', 'é', 'YR', 'YWJ', ' YWJj', 'YWJj\n']) {
      expect(decodeBase64url(bad), JSON.stringify(bad)).toBeNull();
      expect(decodeBase64urlBinary(bad), JSON.stringify(bad)).toBeNull();
    }
    expect(decodeBase64urlBinary('YWI')).toBe('ab');
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        const strict = decodeBase64url(text);
        const binary = decodeBase64urlBinary(text);
        expect(binary === null).toBe(strict === null);
      }),
    );
  });
});

describe('decodeJsonSegment', () => {
  const segment = (json: string): string => Buffer.from(json, 'utf8').toString('base64url');

  it('decodes ASCII and UTF-8 JSON alike, and refuses bad UTF-8', () => {
    expect(decodeJsonSegment(segment('{"name":"Ann"}'))).toEqual({ name: 'Ann' });
    expect(decodeJsonSegment(segment('{"name":"Zoë Ōkubo-Ní 李"}'))).toEqual({ name: 'Zoë Ōkubo-Ní 李' });
    expect(
      decodeJsonSegment(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]).toString('base64url')),
    ).toBeNull();
    expect(decodeJsonSegment(segment('[1]'))).toBeNull();
  });
});
