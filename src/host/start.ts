/**
 * `npm start`: builds the renderer and starts the terminal. The Electron kiosk where Electron's
 * binary is installed; otherwise the browser host on 127.0.0.1, opened in Chromium's app mode
 * when a display and Chromium are there. With nothing configured, the demo deployment.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { installFastBase64 } from '../node/fast-base64';
import { createNodeHidBackend } from '../node/devices/hid-backend';
import { DeviceManager } from '../node/devices/device-manager';
import { openTerminalForHost } from '../service/open-terminal';
import { BrowserHost } from './browser-host';
import { DEMO_PIN, startDemoEnvironment, type DemoEnvironment } from './demo-environment';

const ROOT = resolve(import.meta.dirname, '../..');
const DEMO_SYNC_SECONDS = 10;
const say = (line: string): void => void process.stderr.write(`civicpass: ${line}\n`);

function electronBinary(): string | null {
  const candidate = join(
    ROOT,
    'node_modules/electron/dist',
    process.platform === 'win32' ? 'electron.exe' : 'electron',
  );
  return existsSync(candidate) ? candidate : null;
}

function build(): void {
  say('building the kiosk and the council console (electron-vite build, vite build)...');
  // The kiosk's bundles, then the console's page, which the demo sync server serves at /console/.
  const steps = [
    [join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'],
    [
      join(ROOT, 'node_modules/vite/bin/vite.js'),
      'build',
      '--config',
      join(ROOT, 'console.vite.config.ts'),
      '--logLevel',
      'error',
    ],
  ];
  for (const step of steps) {
    const run = spawnSync(process.execPath, step, { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    if (run.status !== 0) throw new Error('the build failed; see the messages above');
  }
}

async function devices(): Promise<DeviceManager | null> {
  try {
    return new DeviceManager(await createNodeHidBackend());
  } catch (e) {
    say(`USB scanners are unavailable (${(e as Error).message}); camera, keyboard-wedge and manual entry still work`);
    return null;
  }
}

async function main(): Promise<void> {
  installFastBase64();
  const dataRoot = resolve(process.env['CIVICPASS_DATA_DIR'] ?? join(ROOT, '.data'));
  const terminalDir = join(dataRoot, 'terminal');
  mkdirSync(terminalDir, { recursive: true });
  if (
    process.env['CIVICPASS_SKIP_BUILD'] !== '1' ||
    !existsSync(join(ROOT, 'out/renderer/index.html')) ||
    !existsSync(join(ROOT, 'out/console/index.html'))
  )
    build();

  const electron = process.env['CIVICPASS_BROWSER_HOST'] === '1' ? null : electronBinary();
  // The demo syncs every 10 s, so stopping its server shows as offline (and back) within moments.
  const demoWanted = (): boolean => existsSync(join(dataRoot, 'server'));
  const opened = await openTerminalForHost(
    {
      dataDir: terminalDir,
      devices: electron ? null : await devices(),
      ...(demoWanted() || !existsSync(join(terminalDir, 'terminal.db')) ? { syncInterval: DEMO_SYNC_SECONDS } : {}),
    },
    say,
  );
  const service = opened.service;
  let demo: DemoEnvironment | null = null;
  // A terminal that could not start gets no demo: its screen says what is wrong instead.
  const configured = service === null || service.admin.enrolment !== null || service.admin.material.trust !== null;
  if (service && (!configured || demoWanted())) {
    const port = Number(process.env['CIVICPASS_SYNC_PORT'] ?? 8787);
    say(`starting the demo sync server on port ${port} (the first start makes keys and cards: a few seconds)`);
    demo = await startDemoEnvironment(dataRoot, service, port);
    say(`demo deployment: sync server on ${demo.serverUrl} (process ${demo.serverPid}), staff PIN ${DEMO_PIN}`);
    say('to try offline: npm run -s demo-server -- stop   (and: npm run -s demo-server -- start)');
    say(`council console: ${demo.console.url} (sign in as ${demo.console.email}, password ${demo.console.password})`);
  }

  if (electron) {
    // The kiosk runs the terminal service in Electron's main process, on the same data; this
    // process keeps only the demo sync server, if any, until the kiosk exits.
    await service?.close();
    if (demo) say(`demo cards to scan: ${demo.sheet}`);
    say('starting the Electron kiosk');
    const child = spawn(electron, [join(ROOT, 'out/main/index.js')], {
      stdio: 'inherit',
      env: { ...process.env, CIVICPASS_DATA_DIR: dataRoot },
    });
    child.on('exit', (code) => {
      void (demo?.close() ?? Promise.resolve()).then(() => process.exit(code ?? 0));
    });
    return;
  }

  const host = new BrowserHost({
    api: opened.api,
    ...(service ? { log: service.log } : {}),
    staticDir: join(ROOT, 'out/renderer'),
    ...(demo ? { extraFiles: { '/demo-cards.html': demo.sheet } } : {}),
    port: Number(process.env['CIVICPASS_PORT'] ?? 0),
  });
  const { origin, url } = await host.listen();
  say(
    process.env['CIVICPASS_BROWSER_HOST'] === '1'
      ? 'browser host requested (CIVICPASS_BROWSER_HOST=1)'
      : "Electron's binary is not installed here, so the terminal runs in the browser host",
  );
  say(`open ${url}`);
  if (demo) say(`demo cards to scan: ${origin}/demo-cards.html (or ${demo.sheet})`);
  if (existsSync('/usr/bin/chromium') && process.env['DISPLAY'] && process.env['CIVICPASS_NO_BROWSER'] !== '1') {
    spawn(
      '/usr/bin/chromium',
      [
        `--app=${url}`,
        '--no-first-run',
        '--disable-background-networking',
        '--disable-sync',
        `--user-data-dir=${join(dataRoot, 'chromium')}`,
      ],
      { stdio: 'ignore', detached: true },
    ).unref();
  }
  const stop = async (): Promise<void> => {
    say('stopping');
    await host.close();
    await service?.close();
    await demo?.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((e: unknown) => {
  say(`could not start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
