/** Entry point of `npm run civicpass`: wires the process's streams and exit status to main(). */
import { diagnose, type CommandIo } from '../node/command-io';
import { main } from './main';
import { installFastBase64 } from '../node/fast-base64';

installFastBase64();

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
