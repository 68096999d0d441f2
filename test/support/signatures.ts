import type { SignatureVerifier } from '../../src/core/signatures';
import { webCryptoSignatures } from '../../src/core/signatures';
import { nodeSignatures } from '../../src/node/node-signatures';

/**
 * The signature port the verifier tests use: node:crypto (the CLI's and the terminal's) unless
 * `CIVICPASS_TEST_SIGNATURES=webcrypto`, so the same tests run against both implementations:
 * `CIVICPASS_TEST_SIGNATURES=webcrypto npx vitest run test/core`.
 */
export const testSignatures: SignatureVerifier =
  process.env['CIVICPASS_TEST_SIGNATURES'] === 'webcrypto' ? webCryptoSignatures : nodeSignatures;
