/**
 * Installs `Uint8Array.fromBase64` (ES2026) where the runtime lacks it (Node 20), backed by
 * Buffer. jose decodes every JWS segment with it when present, and with a slow atob loop when
 * not; on the scan path that difference is a measurable share of each verification
 * (docs/benchmarks.md). Strict like the standard: characters outside the alphabet throw.
 */
const ALPHABETS = {
  base64: /^[A-Za-z0-9+/]*={0,2}$/,
  base64url: /^[A-Za-z0-9_-]*={0,2}$/,
} as const;

type FromBase64 = (input: string, options?: { alphabet?: 'base64' | 'base64url' }) => Uint8Array;

export function installFastBase64(): void {
  const ctor = Uint8Array as unknown as { fromBase64?: FromBase64 };
  if (typeof ctor.fromBase64 === 'function') return;
  const fromBase64: FromBase64 = (input, options) => {
    const alphabet = options?.alphabet ?? 'base64';
    if (typeof input !== 'string') throw new TypeError('fromBase64 expects a string');
    if (!(alphabet in ALPHABETS) || !ALPHABETS[alphabet].test(input) || input.length % 4 === 1) {
      throw new SyntaxError('invalid base64 input');
    }
    const bytes = Buffer.from(input, alphabet);
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  };
  Object.defineProperty(Uint8Array, 'fromBase64', { value: fromBase64, writable: true, configurable: true });
}
