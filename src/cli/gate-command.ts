import { parseArgs } from 'node:util';
import { ensureDemoDeployment } from '../issuer/demo-deployment';
import { diagnose, type CommandIo } from '../node/command-io';
import { makeDataDir, unusableDir } from './data-dir';
import { runVerify } from './verify-command';

/**
 * `civicpass gate`: a headless gate for turnstiles and quick trials. Prepares offline demo files
 * (anchor, trust list, status list, cards) and verifies each barcode message read on stdin (a
 * keyboard-wedge scanner typing into the terminal window works too), one JSON result per line.
 */
export async function runGate(argv: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { 'data-dir': { type: 'string' }, service: { type: 'string', default: 'library' } },
  });
  // A folder that cannot be made or written (a file, read-only) is the user's to fix: one line.
  const what = "the gate's data directory";
  const dir = makeDataDir(values['data-dir'] ?? process.env['CIVICPASS_DATA_DIR'] ?? '.data/demo', what);
  const { paths, cards } = await ensureDemoDeployment(dir).catch((e: unknown) => {
    throw unusableDir(dir, what, e);
  });
  diagnose(io, `demo deployment ready in ${paths.dir} (checking service "${values.service}")`);
  diagnose(io, `demo cards (token files and QR images) in ${paths.cardsDir}:`);
  for (const c of cards) diagnose(io, `  ${c.id.padEnd(13)} ${c.title} -> expect ${c.expect}`);
  diagnose(
    io,
    `scan or paste a card token, one per line; Ctrl-D to stop. Try: cat ${paths.cardsDir}/valid.token | npm run -s civicpass -- gate`,
  );
  return runVerify(
    [
      '--anchor',
      paths.anchor,
      '--trust',
      paths.trust,
      '--status-dir',
      paths.statusDir,
      '--service',
      values.service,
      '--batch',
    ],
    io,
  );
}
