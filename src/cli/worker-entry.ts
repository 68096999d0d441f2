/**
 * The script `verify --batch` starts its worker threads from: the command line's own entry point
 * (`bin.ts`, or the bundle built from it), which serves as a worker when it is not the main
 * thread. Set only by that entry point: a command run in process (tests, benches) has none and
 * verifies in its own thread, since a worker there could not load TypeScript.
 */
let entry: URL | null = null;

/** `null` turns workers off again (tests that set an entry). */
export function setVerifyWorkerEntry(url: URL | null): void {
  entry = url;
}

export function verifyWorkerEntry(): URL | null {
  return entry;
}
