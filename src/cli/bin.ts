/**
 * Entry point of the command line (`civicpass`, built into out/cli/civicpass.js): wires the
 * process's streams and exit status to main(). Built, `verify --batch` spreads its work over
 * worker threads running out/cli/verify-worker.js (src/cli/verify-worker-main.ts), built beside
 * it; run from source (tsx) there is no such script, and a batch verifies in this thread, its
 * signatures on Node's thread pool.
 */
import { diagnose, type CommandIo } from '../node/command-io';
import { installFastBase64 } from '../node/fast-base64';
import { main } from './main';
import { setVerifyWorkerEntry } from './worker-entry';

installFastBase64();

if (import.meta.url.endsWith('/civicpass.js')) setVerifyWorkerEntry(new URL('./verify-worker.js', import.meta.url));
const io: CommandIo = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
main(process.argv.slice(2), io).then(
  (status) => {
    process.exitCode = status;
  },
  (e: unknown) => {
    diagnose(io, `internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exitCode = 70;
  },
);
