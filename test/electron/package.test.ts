/**
 * Packaging, run and inspected: electron-builder builds the Linux `dir` target from the staged
 * app against a stand-in Electron folder (test/support/packaging), without the native rebuild
 * (see build-dir.ts), and the result is checked for what a kiosk needs and nothing more.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { extractAll } from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { stageApp } from '../support/app-stage';
import { ROOT } from '../support/cli';
import { startMain } from '../support/electron-stand-in/harness';
import { listAsar, packageDirs, readAsarText, type AsarFile } from '../support/packaging/asar-listing';
import { buildLinuxDir } from '../support/packaging/build-dir';
import { inspectNativeBinary } from '../support/packaging/native-binary';
import { bareImports, runtimeClosure } from '../support/packaging/runtime-closure';

interface BuilderConfig {
  productName: string;
  linux: { executableName: string };
  deb: { afterInstall: string; afterRemove: string };
  electronFuses: Record<string, boolean>;
}

const config = parse(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
const projectPackage = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  devDependencies: Record<string, string>;
};

let staged: string;
let app: string;
let archive: string;
let files: AsarFile[];
const scratch: string[] = [];

beforeAll(async () => {
  staged = await stageApp();
  app = await buildLinuxDir(staged);
  archive = join(app, 'resources/app.asar');
  files = listAsar(archive);
}, 120_000);
afterAll(() => {
  // The package is tens of megabytes: keep nothing behind (the staged app hard-links node_modules,
  // and rm removes the link, not what it points to).
  // (Either may be unset if the build failed.)
  for (const dir of [staged, app ? dirname(app) : '', ...scratch])
    if (dir) rmSync(dir, { recursive: true, force: true });
});

function scratchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  scratch.push(dir);
  return dir;
}

const paths = (): string[] => files.map((f) => f.path);

describe('the packaged app (Linux dir target)', () => {
  it('app.asar holds the built app and package.json only: no sources, tests, maps or data', () => {
    expect(new Set(paths().map((p) => p.split('/')[0]))).toEqual(new Set(['out', 'node_modules', 'package.json']));
    expect(
      new Set(
        paths()
          .filter((p) => p.startsWith('out/'))
          .map((p) => p.split('/')[1]),
      ),
    ).toEqual(new Set(['main', 'preload', 'renderer']));
    expect(paths().filter((p) => p.endsWith('.map') || p.includes('.data/'))).toEqual([]);
    // The main bundle is an ES module: without "type": "module" Electron would load it as CommonJS.
    const manifest = JSON.parse(readAsarText(archive, 'package.json')) as { main: string; type: string };
    expect(manifest.type).toBe('module');
    expect(paths()).toContain(join(manifest.main));
  });

  it('its node_modules are exactly what the main process loads, with their dependencies', () => {
    const imports = bareImports(readAsarText(archive, 'out/main/index.js'));
    expect(imports).toEqual(expect.arrayContaining(['better-sqlite3', 'jose', 'node-hid', 'serialport']));
    const present = packageDirs(files);
    const manifest = (dir: string) => JSON.parse(readAsarText(archive, `${dir}/package.json`)) as object;
    const { reachable, missing } = runtimeClosure(imports, present, manifest);
    expect(missing).toEqual([]);
    // Anything else is weight: the renderer's libraries are bundled into out/renderer.
    expect(present.filter((dir) => !reachable.includes(dir))).toEqual([]);
    for (const dev of Object.keys(projectPackage.devDependencies)) expect(present).not.toContain(`node_modules/${dev}`);
    expect(paths().filter((p) => /\/(test|tests|__tests__)\//.test(p))).toEqual([]);
  });

  it('starts from nothing but its own files (extracted, against the Electron stand-in)', async () => {
    // Node cannot read an asar, so the archive is extracted (unpacked files included) to a
    // directory with no node_modules above it: every module main loads must come from the package.
    const extracted = scratchDir('civicpass-extracted-');
    extractAll(archive, extracted);
    // No CIVICPASS_DATA_DIR: the data goes to Electron's userData, named after package.json.
    const configHome = scratchDir('civicpass-standin-');
    const main = startMain(extracted, { env: { XDG_CONFIG_HOME: configHome } });
    try {
      await main.waitFor('the kiosk page loaded', (s) => s.contents[0]?.loads[0]?.status === 200);
      const settings = await main.send({
        op: 'invoke',
        channel: 'civicpass:getSettings',
        frame: { url: 'app://terminal/index.html', isMainFrame: true },
        args: [undefined],
      });
      expect(settings).toMatchObject({ ok: true, value: { ok: true } });
      await main.send({ op: 'quit' });
      expect((await main.exited).code).toBe(0);
      // Where docs/deployment.md says a kiosk keeps its data.
      expect(existsSync(join(configHome, 'civicpass-terminal/terminal/terminal.db'))).toBe(true);
    } finally {
      main.kill();
    }
  });

  it('native code is unpacked beside the archive, for Linux only, and no C sources ship', () => {
    const natives = files.filter((f) => f.path.endsWith('.node'));
    expect(natives.filter((f) => !f.unpacked || !existsSync(join(app, 'resources/app.asar.unpacked', f.path)))).toEqual(
      [],
    );
    for (const dir of ['better-sqlite3', 'node-hid', '@serialport/bindings-cpp'])
      expect(natives.some((f) => f.path.startsWith(`node_modules/${dir}/`))).toBe(true);
    const foreign = natives.filter((f) => {
      const bytes = readFileSync(join(app, 'resources/app.asar.unpacked', f.path));
      return inspectNativeBinary(bytes).format !== 'elf' || /android|win32|darwin/.test(f.path);
    });
    expect(foreign.map((f) => f.path)).toEqual([]);
    expect(paths().filter((p) => /\.(c|cc|cpp|h|hpp|a|o|gyp|mk)$|\/Makefile$/.test(p))).toEqual([]);
  });

  it('packs each ABI-bound addon once, where the rebuild for Electron writes it', () => {
    const addons = files
      .filter((f) => f.path.endsWith('.node'))
      .map((f) => ({
        path: f.path,
        ...inspectNativeBinary(readFileSync(join(app, 'resources/app.asar.unpacked', f.path))),
      }));
    // Every .node is a Node addon, and all but better-sqlite3 use N-API, which any Electron loads.
    expect(addons.filter((a) => a.abi.kind === 'none').map((a) => a.path)).toEqual([]);
    const bound = addons.filter((a) => a.abi.kind === 'node');
    // better-sqlite3 is bound to one ABI. A second copy elsewhere (build/Debug, lib/binding...)
    // could be found before the rebuilt one; there is none. Without the rebuild (npmRebuild=false,
    // here) it is still Node's build; a real build replaces this very file with Electron's
    // (docs/deployment.md), and check-native-abi.ts confirms it there.
    expect(bound).toEqual([
      {
        path: 'node_modules/better-sqlite3/build/Release/better_sqlite3.node',
        format: 'elf',
        arch: process.arch,
        abi: { kind: 'node', version: Number(process.versions.modules) },
      },
    ]);
  });

  it("check-native-abi, for real builds, refuses this one: better-sqlite3 is still Node's", async () => {
    const script = join(ROOT, 'test/support/packaging/check-native-abi.ts');
    const run = promisify(execFile)(process.execPath, ['--import', 'tsx', script, app], { cwd: ROOT });
    const failed = (await run.then(
      () => null,
      (e: unknown) => e,
    )) as { code: number; stdout: string } | null;
    expect(failed?.code).toBe(1);
    const abi = process.versions.modules;
    expect(failed!.stdout).toMatch(
      new RegExp(`^WRONG ABI ${abi} +node_modules/better-sqlite3/build/Release/better_sqlite3.node$`, 'm'),
    );
    expect(failed!.stdout).toMatch(/^ok +N-API \(any ABI\) +node_modules\/node-hid\/prebuilds\/HID-linux-x64\//m);
  });

  it('puts the udev rule where the deb scripts install it from', () => {
    const install = readFileSync(join(ROOT, config.deb.afterInstall), 'utf8');
    const remove = readFileSync(join(ROOT, config.deb.afterRemove), 'utf8');
    const [, source] = /^rule="([^"]+)"$/m.exec(install)!;
    // The deb installs the unpacked app under /opt/<productName>.
    const prefix = `/opt/${config.productName}/`;
    expect(source!.startsWith(prefix)).toBe(true);
    const packed = join(app, source!.slice(prefix.length));
    expect(readFileSync(packed)).toEqual(readFileSync(join(ROOT, 'resources/udev/70-civicpass-scanners.rules')));
    const [, target] = /install -m 0644 "\$rule" (\S+)/.exec(install)!;
    expect(remove).toContain(`rm -f ${target}`);
  });

  it('names the executable as the autostart entry runs it, with the fuses flipped', async () => {
    const executable = join(app, config.linux.executableName);
    expect(existsSync(executable)).toBe(true);
    const wire = await getCurrentFuseWire(executable);
    // Each fuse is one byte of the wire: '1' on, '0' off.
    const on = (name: keyof typeof FuseV1Options): boolean => {
      const byte: number | undefined = wire[FuseV1Options[name]];
      return byte === '1'.charCodeAt(0);
    };
    expect({
      runAsNode: on('RunAsNode'),
      enableCookieEncryption: on('EnableCookieEncryption'),
      enableNodeOptionsEnvironmentVariable: on('EnableNodeOptionsEnvironmentVariable'),
      enableNodeCliInspectArguments: on('EnableNodeCliInspectArguments'),
      enableEmbeddedAsarIntegrityValidation: on('EnableEmbeddedAsarIntegrityValidation'),
      onlyLoadAppFromAsar: on('OnlyLoadAppFromAsar'),
      loadBrowserProcessSpecificV8Snapshot: on('LoadBrowserProcessSpecificV8Snapshot'),
      grantFileProtocolExtraPrivileges: on('GrantFileProtocolExtraPrivileges'),
    }).toEqual(config.electronFuses);
  });
});
