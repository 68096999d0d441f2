/**
 * A stand-in for Electron's Linux distribution folder, which electron-builder takes as
 * `electronDist` instead of downloading Electron: an `electron` executable, `version`, `LICENSE`
 * and an empty `resources/` (no default_app.asar: electron-builder would pack an empty one).
 * The executable carries Electron's fuse wire (sentinel, wire version, length, one byte per
 * fuse) with Electron's documented defaults, so electron-builder flips the fuses in it exactly
 * as it does in the real binary, and the test can read them back.
 */
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../cli';

const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/**
 * RunAsNode on, cookie encryption off, NODE_OPTIONS on, inspect arguments on, ASAR integrity
 * off, only-load-from-ASAR off, browser V8 snapshot off, file:// privileges on ('1' is on).
 */
const DEFAULT_FUSES = '10110001';

export function makeElectronDist(): string {
  const dir = mkdtempSync(join(tmpdir(), 'civicpass-electron-dist-'));
  const electron = join(ROOT, 'node_modules/electron');
  const { version } = JSON.parse(readFileSync(join(electron, 'package.json'), 'utf8')) as { version: string };
  const wire = Buffer.concat([
    Buffer.from(FUSE_SENTINEL),
    Buffer.from([1, DEFAULT_FUSES.length]),
    Buffer.from(DEFAULT_FUSES),
  ]);
  const script = Buffer.from('#!/bin/sh\necho "stand-in for Electron: it cannot run here" >&2\nexit 1\n# ');
  writeFileSync(join(dir, 'electron'), Buffer.concat([script, wire, Buffer.from('\n')]));
  chmodSync(join(dir, 'electron'), 0o755);
  writeFileSync(join(dir, 'version'), version);
  copyFileSync(join(electron, 'LICENSE'), join(dir, 'LICENSE'));
  mkdirSync(join(dir, 'resources'));
  return dir;
}
