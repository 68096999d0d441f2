/**
 * The script `verify --batch` starts its worker threads from: out/cli/verify-worker.js, set by
 * the built command line's entry point (bin.ts). A command run in process (tests, benches) or
 * from source has none and verifies in its own thread, its signatures on Node's thread pool.
 */
let entry: URL | null = null;

/** `null` turns workers off again (tests that set an entry). */
export function setVerifyWorkerEntry(url: URL | null): void {
  entry = url;
}

export function verifyWorkerEntry(): URL | null {
  return entry;
}
