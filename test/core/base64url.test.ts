import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeBase64url } from '../../src/core/base64url';

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
