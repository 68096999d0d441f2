import { chmodSync, closeSync, existsSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { makeDirectory } from '../make-directory';

/**
 * The terminal's data directory and files are its owner's alone (0700 / 0600): the database
 * holds keyed references and the key files the keys. Applied to existing ones too, since
 * earlier versions left them 0644.
 */
export function ensurePrivateDir(dir: string): void {
  makeDirectory(dir, 0o700);
  chmodSync(dir, 0o700);
}

/** Makes `path` 0600, creating it empty when missing (so SQLite's WAL and SHM inherit 0600). */
export function ensurePrivateFile(path: string): void {
  if (!existsSync(path)) closeSync(openSync(path, 'a', 0o600));
  chmodSync(path, 0o600);
}

/** Writes a file atomically (temporary file, fsync, rename), readable by its owner only. */
export function writePrivateFileAtomic(path: string, data: Uint8Array): void {
  ensurePrivateDir(dirname(path));
  const tmp = `${path}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}
