import { closeSync, existsSync, fstatSync, ftruncateSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';

export interface RotationPolicy {
  /** Bytes a file may reach before the next line starts a new one. */
  readonly maxBytes: number;
  /** Files kept in all: `terminal.log`, `terminal.log.1`, ... up to `files - 1`. */
  readonly files: number;
}

export const DEFAULT_ROTATION: RotationPolicy = { maxBytes: 10 * 1024 * 1024, files: 3 };

/**
 * Where a line goes that the file could not take (the process's stderr: journald or the
 * console), so that an entry such as `storage_full` is not lost with the disk that is full.
 */
export interface LogFallback {
  /** Told once per run of failed writes: which file could not be written, and why. */
  notice(text: string): void;
  /** Each line the file could not take (a no-op where every line goes there anyway). */
  line(text: string): void;
}

/** The process's stderr, for the notice and for every line the file could not take. */
export const STDERR_FALLBACK: LogFallback = {
  notice: (text) => process.stderr.write(text),
  line: (text) => process.stderr.write(text),
};

/**
 * An append-only log file that rotates by size, so a kiosk left for years never fills its disk
 * with logs. Lines are written synchronously (a crash loses none already logged) with mode 0600.
 * A write that fails (disk full) never stops the terminal: the line goes to the fallback, after
 * a notice at the first failure of a run; the next line is tried on the file again.
 */
export class RotatingFile {
  private fd: number | null = null;
  private size = 0;
  private failing = false;

  constructor(
    private readonly path: string,
    private readonly policy: RotationPolicy = DEFAULT_ROTATION,
    private readonly fallback: LogFallback = STDERR_FALLBACK,
  ) {}

  /** Opens the file now (throwing why it cannot be), so a path that cannot be written is known at start. */
  openNow(): void {
    if (this.fd === null) this.open();
  }

  write(line: string): void {
    let done = 0;
    try {
      const bytes = Buffer.from(line);
      if (this.fd === null) this.open();
      if (this.size > 0 && this.size + bytes.length > this.policy.maxBytes) this.rotate();
      // A nearly full disk takes part of a line, then refuses the rest.
      while (done < bytes.length) done += writeSync(this.fd!, bytes, done);
      this.size += bytes.length;
      this.failing = false;
    } catch (e) {
      // The disk is full or the file went away: the terminal goes on, the line goes elsewhere,
      // and no part of it is left in the file.
      if (done > 0) this.removeLast(done);
      this.closeQuietly();
      try {
        if (!this.failing)
          this.fallback.notice(
            `civicpass: cannot write the log file ${this.path} (${(e as Error).message}); its entries go to stderr until it can be written\n`,
          );
        this.failing = true;
        this.fallback.line(line);
      } catch {
        // Nowhere left to say it.
      }
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

  private removeLast(bytes: number): void {
    try {
      ftruncateSync(this.fd!, fstatSync(this.fd!).size - bytes);
    } catch {
      // Not a regular file, or gone.
    }
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
