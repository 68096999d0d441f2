import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DemoServerError, runningPid, startDemoServer, stopDemoServer } from '../host/demo-server-process';
import { diagnose, UsageError, writeJsonLine, type CommandIo } from '../node/command-io';

/**
 * `civicpass demo-server start|stop|status [--data-dir .data] [--port 8787]`: the demo sync
 * server that `npm start` runs, as its own process. Stop it to watch the terminal go offline
 * (its scans queue up), start it to watch them drain.
 */
export async function runDemoServer(argv: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'data-dir': { type: 'string', default: process.env['CIVICPASS_DATA_DIR'] ?? '.data' },
      port: { type: 'string', default: process.env['CIVICPASS_SYNC_PORT'] ?? '8787' },
    },
  });
  const action = positionals[0];
  const serverDir = join(resolve(values['data-dir']), 'server');
  const port = Number(values.port);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new UsageError(`--port ${values.port} is not a port`);
  if (action === 'start') {
    const server = await startDemoServer(serverDir, port).catch((e: unknown) => {
      throw e instanceof DemoServerError ? new UsageError(e.message, e.code) : e;
    });
    writeJsonLine(io.stdout, { running: true, url: server.url, pid: server.pid, started: server.startedHere });
    diagnose(io, server.startedHere ? `demo sync server started on ${server.url}` : `already running on ${server.url}`);
    return 0;
  }
  if (action === 'stop') {
    const stopped = await stopDemoServer(serverDir);
    writeJsonLine(io.stdout, { running: false, stopped });
    diagnose(io, stopped ? 'demo sync server stopped: terminals now queue their scans' : 'it was not running');
    return 0;
  }
  if (action === 'status') {
    const pid = runningPid(serverDir);
    writeJsonLine(io.stdout, { running: pid !== null, pid });
    return 0;
  }
  throw new UsageError('say start, stop or status');
}
