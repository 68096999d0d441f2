/**
 * Entry point of the command line (`civicpass`, built into out/cli/civicpass.js): wires the
 * process's streams and exit status to main(). Built, `verify --batch`'s worker threads run
 * out/cli/verify-worker.js (src/cli/verify-worker-main.ts), built with it; run from source, this
 * file serves as their script.
 */
import { isMainThread, workerData } from 'node:worker_threads';
import { diagnose, type CommandIo } from '../node/command-io';
import { installFastBase64 } from '../node/fast-base64';
import { main } from './main';
import { VERIFY_WORKER } from './verify-protocol';
import { setVerifyWorkerEntry } from './worker-entry';

installFastBase64();

if (!isMainThread && (workerData as { kind?: unknown } | null)?.kind === VERIFY_WORKER) {
  const { serveVerifyWorker } = await import('./verify-worker');
  serveVerifyWorker();
} else {
  // Built, the workers run their own small script beside the bundle; from source (tsx), this file.
  const built = import.meta.url.endsWith('/civicpass.js');
  setVerifyWorkerEntry(built ? new URL('./verify-worker.js', import.meta.url) : new URL(import.meta.url));
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
}
