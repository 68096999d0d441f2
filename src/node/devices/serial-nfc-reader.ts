import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import {
  DEFAULT_NFC_SERIAL_FORMAT,
  NfcSerialParser,
  type NfcPass,
  type NfcPassPrefixes,
  type NfcSerialEvent,
} from '../../core/nfc-serial-parser';
import type { DeviceState } from '../../contract/terminal-api';

/** One NFC wallet reader on a serial port (a VTAP's virtual COM port, or RS-232). */
export interface SerialNfcOptions {
  /** The port, e.g. `/dev/ttyACM0`, or better a stable `/dev/serial/by-id/...` link. */
  readonly path: string;
  /** Ignored by USB virtual COM ports; must match `SerialSettings` on an RS-232 reader. */
  readonly baudRate: number;
  /** The reader's postfix; CR, LF and CR LF are always accepted (see nfc-serial-parser). */
  readonly lineEnding: string;
  readonly prefixes: NfcPassPrefixes;
}

/** A VTAP100 on Linux: its USB virtual COM port, VTAP's serial default of 9600 baud, `$t` prefix, CR LF. */
export const DEFAULT_SERIAL_NFC: SerialNfcOptions = {
  path: '/dev/ttyACM0',
  baudRate: 9600,
  lineEnding: DEFAULT_NFC_SERIAL_FORMAT.lineEnding,
  prefixes: DEFAULT_NFC_SERIAL_FORMAT.prefixes,
};

export interface SerialNfcMessage {
  /** The pass payload, prefix and line ending removed. */
  readonly text: string;
  readonly pass: NfcPass | null;
  /** `performance.now()` when the line ending arrived. */
  readonly receivedAt: number;
}

/** An open port, as the reader needs it; `openSerialPort` adapts serialport to it. */
export interface SerialLink {
  onData(listener: (chunk: Uint8Array) => void): void;
  /** Called once when the port stops: unplugged (error null or a disconnect error) or failed. */
  onEnd(listener: (error: Error | null) => void): void;
  close(): Promise<void>;
}

export type SerialOpener = (path: string, baudRate: number) => Promise<SerialLink>;

export interface RetryPolicy {
  readonly firstMs: number;
  readonly maxMs: number;
}

/** Quick enough that a replugged reader is back before the next visitor, gentle on a missing one. */
export const DEFAULT_SERIAL_RETRY: RetryPolicy = { firstMs: 1000, maxMs: 10_000 };

/** Doubling from `firstMs`, capped. No jitter: one reader per terminal has nobody to collide with. */
export function retryDelayMs(failures: number, policy: RetryPolicy = DEFAULT_SERIAL_RETRY): number {
  return Math.min(policy.maxMs, policy.firstMs * 2 ** Math.max(0, failures - 1));
}

type Condition = Pick<DeviceState, 'state' | 'detail'>;

/**
 * Puts an open failure in plain words for the Status screen. serialport's errors carry no
 * errno code, only the system's message, so that is what is matched.
 */
export function describeOpenFailure(path: string, error: unknown): Condition {
  const message = error instanceof Error ? error.message : String(error);
  const code = error instanceof Error && 'code' in error ? String(error.code) : '';
  if (code === 'ENOENT' || /no such file or directory/i.test(message)) {
    return { state: 'disconnected', detail: `no reader at ${path}` };
  }
  if (code === 'EACCES' || /permission denied/i.test(message)) {
    return { state: 'error', detail: `no permission to open ${path}: add the terminal's user to the dialout group` };
  }
  if (/cannot lock port|resource temporarily unavailable/i.test(message)) {
    return { state: 'error', detail: `${path} is in use by another program` };
  }
  return { state: 'error', detail: `cannot open ${path}: ${message}` };
}

function endCondition(error: Error | null): Condition {
  if (error === null || ('disconnected' in error && error.disconnected === true)) {
    return { state: 'disconnected', detail: 'unplugged' };
  }
  return { state: 'error', detail: `read failed: ${error.message}` };
}

/**
 * Reads wallet passes from a serial NFC reader and keeps it open: every failure (no device,
 * unplug, read error) becomes a `state` event and a retry, never an exception. Listeners that
 * throw are reported as `problem`, so a bug downstream cannot stop the reader.
 */
export class SerialNfcReader extends EventEmitter<{
  message: [SerialNfcMessage];
  state: [DeviceState];
  problem: [string];
}> {
  private readonly parser: NfcSerialParser;
  private current: DeviceState;
  private link: SerialLink | null = null;
  private connecting: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private failures = 0;
  private started = false;
  private closing: Promise<void> | null = null;

  constructor(
    private readonly options: SerialNfcOptions,
    private readonly open: SerialOpener = openSerialPort,
    private readonly retry: RetryPolicy = DEFAULT_SERIAL_RETRY,
  ) {
    super();
    if (options.path.length === 0) throw new RangeError('serial NFC reader: the port path is empty');
    if (!Number.isInteger(options.baudRate) || options.baudRate <= 0) {
      throw new RangeError(`serial NFC reader: baud rate ${options.baudRate} is not a positive integer`);
    }
    this.parser = new NfcSerialParser({ lineEnding: options.lineEnding, prefixes: options.prefixes });
    this.current = {
      id: options.path,
      kind: 'nfc',
      name: 'NFC reader (serial)',
      state: 'disconnected',
      detail: 'not started',
    };
  }

  get state(): DeviceState {
    return this.current;
  }

  start(): void {
    if (this.started || this.closing) return;
    this.started = true;
    this.connect();
  }

  /** Stops reading and reconnecting, and releases the port. Safe to call more than once. */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.connecting;
    const link = this.link;
    this.link = null;
    if (link) await closeQuietly(link);
    this.parser.reset();
    this.setCondition({ state: 'disconnected', detail: 'closed' });
  }

  private connect(): void {
    if (this.closing || this.connecting) return;
    this.connecting = this.attempt().finally(() => (this.connecting = null));
  }

  private async attempt(): Promise<void> {
    let link: SerialLink;
    try {
      link = await this.open(this.options.path, this.options.baudRate);
    } catch (e) {
      if (this.closing) return;
      this.setCondition(describeOpenFailure(this.options.path, e));
      this.scheduleRetry();
      return;
    }
    if (this.closing) {
      await closeQuietly(link);
      return;
    }
    this.link = link;
    this.failures = 0;
    this.parser.reset();
    link.onData((chunk) => this.receive(link, chunk));
    link.onEnd((error) => this.lost(link, error));
    // onEnd may have run already, for a port that died while opening.
    if (this.link === link) {
      this.setCondition({ state: 'connected', detail: `${this.options.path}, ${this.options.baudRate} baud` });
    }
  }

  private receive(link: SerialLink, chunk: Uint8Array): void {
    if (this.link !== link) return;
    const receivedAt = performance.now();
    this.deliver(this.parser.push(chunk), receivedAt);
  }

  private deliver(events: NfcSerialEvent[], receivedAt: number): void {
    for (const event of events) {
      if (event.kind === 'rejected') {
        this.report(`NFC reader: ${event.why}`);
        continue;
      }
      const { payload, pass } = event.message;
      try {
        this.emit('message', { text: payload, pass, receivedAt });
      } catch (e) {
        this.report(`NFC reader: a message listener failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }

  private lost(link: SerialLink, error: Error | null): void {
    if (this.link !== link) return;
    this.link = null;
    this.deliver(this.parser.reset(), performance.now());
    this.setCondition(endCondition(error));
    void closeQuietly(link);
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (this.closing || this.timer) return;
    this.failures++;
    this.timer = setTimeout(
      () => {
        this.timer = null;
        this.connect();
      },
      retryDelayMs(this.failures, this.retry),
    );
    // A reader waiting to come back must not keep a terminal (or a test run) from exiting.
    this.timer.unref();
  }

  private setCondition(condition: Condition): void {
    if (this.current.state === condition.state && this.current.detail === condition.detail) return;
    this.current = { ...this.current, ...condition };
    try {
      this.emit('state', this.current);
    } catch (e) {
      this.report(`NFC reader: a state listener failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private report(problem: string): void {
    try {
      this.emit('problem', problem);
    } catch {
      // A failing problem listener has nowhere further to report to; the reader keeps going.
    }
  }
}

async function closeQuietly(link: SerialLink): Promise<void> {
  try {
    await link.close();
  } catch {
    // Closing a port that has gone away fails; it is released either way.
  }
}

/**
 * The real port, through serialport. Loaded on first use, so a terminal without a serial reader
 * never loads the native binding.
 */
export async function openSerialPort(path: string, baudRate: number): Promise<SerialLink> {
  const { SerialPort } = await import('serialport');
  const port = new SerialPort({ path, baudRate, autoOpen: false });
  let ended: { error: Error | null } | null = null;
  let endListener: ((error: Error | null) => void) | null = null;
  const end = (error: Error | null): void => {
    if (ended) return;
    ended = { error };
    endListener?.(error);
  };
  // Listening from the start: an 'error' event without a listener would crash the process.
  port.on('error', (e: Error) => end(e));
  port.on('close', (e?: Error | null) => end(e ?? null));
  await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
  return {
    onData: (listener) => port.on('data', (chunk: Buffer) => listener(chunk)),
    onEnd: (listener) => {
      endListener = listener;
      if (ended) listener(ended.error);
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (!port.isOpen) return resolve();
        port.close(() => resolve());
      }),
  };
}
