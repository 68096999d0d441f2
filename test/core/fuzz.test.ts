/**
 * Property-based fuzzing: mutated genuine tokens and random strings never throw, never come out
 * `valid` unless they are the genuine token (or an equivalent wrapping of it), and always carry a
 * reason from the profile with its matching outcome.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isReason, outcomeOf } from '../../src/core/reasons';
import { normaliseMessage } from '../../src/core/normalise';
import { makeDeployment } from '../support/deployment';

describe('fuzzing the verifier', async () => {
  const d = await makeDeployment();
  const v = await d.verifier();
  const genuine = await d.token();

  const assertSane = (result: { outcome: string; reason: string }): void => {
    expect(isReason(result.reason)).toBe(true);
    expect(outcomeOf(result.reason as Parameters<typeof outcomeOf>[0])).toBe(result.outcome);
  };

  it('random strings and random token-shaped strings', async () => {
    const b64char = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.split(''));
    const segment = fc.string({ unit: b64char, maxLength: 200 });
    const shaped = fc.tuple(segment, segment, segment).map(([a, b, c]) => `${a}.${b}.${c}`);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 }), shaped),
        async (input) => {
          const { result } = await v.verify(input);
          assertSane(result);
          expect(result.outcome).not.toBe('valid');
        },
      ),
      { numRuns: 400 },
    );
  });

  it('single-character and byte mutations of a genuine token', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: genuine.length - 1 }),
        fc.string({ minLength: 1, maxLength: 3 }),
        fc.constantFrom('replace', 'insert', 'delete'),
        async (at, text, op) => {
          const mutated =
            op === 'replace'
              ? genuine.slice(0, at) + text + genuine.slice(at + text.length)
              : op === 'insert'
                ? genuine.slice(0, at) + text + genuine.slice(at)
                : genuine.slice(0, at) + genuine.slice(at + 1);
          const { result } = await v.verify(mutated);
          assertSane(result);
          if (result.outcome === 'valid') {
            // Only wrappings that normalise back to the genuine token may verify.
            expect(normaliseMessage(mutated).text).toBe(genuine);
          }
        },
      ),
      { numRuns: 600 },
    );
  });

  it('re-encoded payloads with mutated JSON values', async () => {
    const [h, , s] = genuine.split('.') as [string, string, string];
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.constantFrom('v', 'iss', 'sub', 'iat', 'exp', 'svc', 'status', 'name', 'nbf'), fc.jsonValue()),
        async (changes) => {
          const payload = { ...d.payload(), ...changes };
          const { result } = await v.verify(`${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`);
          assertSane(result);
          if (Object.keys(changes).length > 0 && JSON.stringify(payload) !== JSON.stringify(d.payload())) {
            expect(result.outcome).not.toBe('valid');
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
