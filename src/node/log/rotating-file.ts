import { closeSync, existsSync, fstatSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { ensurePrivateDir } from '../secrets/private-files';
import { dirname } from 'node:path';

export interface RotationPolicy {
  /** Bytes a file may reach before the next line starts a new one. */
  readonly maxBytes: number;
  /** Files kept in all: `terminal.log`, `terminal.log.1`, ... up to `files - 1`. */
  readonly files: number;
}

export const DEFAULT_ROTATION: RotationPolicy = { maxBytes: 10 * 1024 * 1024, files: 3 };

/**
 * An append-only log file that rotates by size, so a kiosk left for years never fills its disk
 * with logs. Lines are written synchronously (a crash loses none already logged) with mode 0600.
 * A write that fails (disk full) is dropped: logging must never stop the terminal.
 */
export class RotatingFile {
  private fd: number | null = null;
  private size = 0;

  constructor(
    private readonly path: string,
    private readonly policy: RotationPolicy = DEFAULT_ROTATION,
  ) {
    ensurePrivateDir(dirname(path));
  }

  write(line: string): void {
    try {
      const bytes = Buffer.from(line);
      if (this.fd === null) this.open();
      if (this.size > 0 && this.size + bytes.length > this.policy.maxBytes) this.rotate();
      writeSync(this.fd!, bytes);
      this.size += bytes.length;
    } catch {
      // The disk is full or the file went away: the terminal goes on without this line.
      this.closeQuietly();
    }
  }

  close(): void {
    this.closeQuietly();
  }

  private open(): void {
    this.fd = openSync(this.path, 'a', 0o600);
    this.size = fstatSync(this.fd).size;
  }

  private rotate(): void {
    this.closeQuietly();
    const last = `${this.path}.${this.policy.files - 1}`;
    if (existsSync(last)) rmSync(last);
    for (let i = this.policy.files - 2; i >= 1; i--)
      if (existsSync(`${this.path}.${i}`)) renameSync(`${this.path}.${i}`, `${this.path}.${i + 1}`);
    if (this.policy.files > 1) renameSync(this.path, `${this.path}.1`);
    else rmSync(this.path, { force: true });
    this.open();
  }

  private closeQuietly(): void {
    if (this.fd === null) return;
    try {
      closeSync(this.fd);
    } catch {
      // Already closed.
    }
    this.fd = null;
  }
}
