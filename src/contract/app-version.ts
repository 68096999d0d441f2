/**
 * The terminal's version, as terminals report it in their sync health (issue 13). Kept equal to
 * package.json's `version` by a test (test/contract/app-version.test.ts): code that Node, the
 * browser and Electron all run cannot read package.json itself.
 */
export const APP_VERSION = '0.1.0';
