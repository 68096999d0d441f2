import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import { HID_POS_LAYOUTS, HidPosAssembler, type HidPosLayoutName } from '../../core/hid-pos-parser';
import { codeForHidUsage } from '../../core/us-keyboard';
import {
  BootKeyboardReader,
  SilenceTicks,
  WedgeDecoder,
  type WedgeOptions,
  type WedgeOutput,
} from '../../core/wedge-decoder';
import type { DeviceState } from '../../contract/terminal-api';
import type { HidBackend, HidDeviceInfo, HidHandle } from './hid-backend';

/** HID usage page of point-of-sale barcode scanners. */
export const HID_POS_USAGE_PAGE = 0x8c;

export interface ConfiguredDevice {
  readonly vendorId: number;
  readonly productId: number;
  /** `hid-pos`: scanned-data reports; `keyboard`: boot-keyboard reports read through hidraw. */
  readonly mode: 'hid-pos' | 'keyboard';
  readonly layout?: HidPosLayoutName;
}

export interface DeviceMessage {
  readonly text: string;
  readonly source: 'hid' | 'keyboard';
  readonly symbology: string | null;
  readonly deviceId: string;
  readonly receivedAt: number;
}

/** A keyboard-mode scanner stopped part way through a card token: ask for the card again. */
export interface DeviceIncomplete {
  readonly deviceId: string;
  readonly source: 'keyboard';
}

interface OpenDevice {
  readonly info: HidDeviceInfo;
  readonly handle: HidHandle;
  readonly mode: 'hid-pos' | 'keyboard';
  /** Keyboard mode: the device's wedge decoder and the timer that ends its runs by silence. */
  readonly wedge: WedgeDecoder | null;
  readonly ticker: NodeJS.Timeout | null;
}

/**
 * How often keyboard-mode runs are checked for silence; well under the shortest `scanGapMs`, so
 * that a run ends at most this much later than its silence.
 */
const WEDGE_TICK_MS = 25;

/**
 * Finds, opens and watches scanners: HID POS devices (usage page 0x8C) automatically, and
 * keyboard-mode devices when configured. Polls enumeration so unplug/replug just works, and
 * turns every device error into a state change, never an exception that escapes.
 */
export class DeviceManager extends EventEmitter<{
  message: [DeviceMessage];
  incomplete: [DeviceIncomplete];
  devices: [DeviceState[]];
  problem: [string];
}> {
  private readonly open = new Map<string, OpenDevice>();
  private readonly states = new Map<string, DeviceState>();
  private timer: NodeJS.Timeout | null = null;
  private polling: Promise<void> | null = null;
  private closed = false;
  private wedgeOptions: Partial<WedgeOptions> = {};

  constructor(
    private readonly backend: HidBackend,
    private readonly configured: readonly ConfiguredDevice[] = [],
    private readonly pollMs = 2000,
  ) {
    super();
  }

  start(): void {
    if (this.timer) return;
    void this.poll();
    this.timer = setInterval(() => void this.poll(), this.pollMs);
    this.timer.unref();
  }

  /** Wedge timing (e.g. the staff's `scanGapMs`) for the keyboard-mode scanners open now and later. */
  setWedgeOptions(options: Partial<WedgeOptions>): void {
    this.wedgeOptions = { ...options };
    for (const dev of this.open.values()) dev.wedge?.setOptions(this.wedgeOptions);
  }

  list(): DeviceState[] {
    return [...this.states.values()];
  }

  /** One enumeration pass: open new devices, mark vanished ones disconnected. */
  poll(): Promise<void> {
    this.polling ??= this.pollOnce().finally(() => (this.polling = null));
    return this.polling;
  }

  private async pollOnce(): Promise<void> {
    if (this.closed) return;
    let found: HidDeviceInfo[];
    try {
      found = await this.backend.devices();
    } catch (e) {
      this.emit('problem', `could not list HID devices: ${(e as Error).message}`);
      return;
    }
    const present = new Set<string>();
    for (const info of found) {
      const mode = this.modeOf(info);
      if (!mode) continue;
      present.add(info.path);
      if (!this.open.has(info.path)) await this.openDevice(info, mode);
    }
    for (const [path, dev] of this.open) {
      if (!present.has(path)) await this.drop(path, dev, 'disconnected', 'unplugged');
    }
    for (const [path, state] of this.states) {
      if (!present.has(path) && state.state === 'connected')
        this.setState(path, { ...state, state: 'disconnected', detail: 'unplugged' });
    }
  }

  private modeOf(info: HidDeviceInfo): 'hid-pos' | 'keyboard' | null {
    const conf = this.configured.find((c) => c.vendorId === info.vendorId && c.productId === info.productId);
    if (conf) return conf.mode;
    return info.usagePage === HID_POS_USAGE_PAGE ? 'hid-pos' : null;
  }

  private async openDevice(info: HidDeviceInfo, mode: 'hid-pos' | 'keyboard'): Promise<void> {
    const name = info.product ?? `HID ${info.vendorId.toString(16)}:${info.productId.toString(16)}`;
    let handle: HidHandle;
    try {
      handle = await this.backend.open(info.path);
    } catch (e) {
      const detail = `cannot open: ${(e as Error).message}`;
      const before = this.states.get(info.path);
      this.setState(info.path, { id: info.path, kind: mode, name, state: 'error', detail });
      // Retried at every poll: logged when it starts (or changes), not every time.
      if (before?.state !== 'error' || before.detail !== detail) this.emit('problem', `${name}: ${detail}`);
      return;
    }
    const conf = this.configured.find((c) => c.vendorId === info.vendorId && c.productId === info.productId);
    const layout = HID_POS_LAYOUTS[conf?.layout ?? (info.vendorId === 0x0c2e ? 'honeywell' : 'standard')];
    const assembler = new HidPosAssembler(layout);
    const keyboard = new BootKeyboardReader(codeForHidUsage);
    const wedge = mode === 'keyboard' ? new WedgeDecoder(this.wedgeOptions) : null;
    const deliver = (text: string, source: 'hid' | 'keyboard', symbology: string | null): void => {
      this.emit('message', { text, source, symbology, deviceId: info.path, receivedAt: performance.now() });
    };
    const wedgeOutputs = (outputs: readonly WedgeOutput[]): void => {
      for (const out of outputs) {
        if (out.kind === 'scan') deliver(out.text, 'keyboard', null);
        else if (out.kind === 'incomplete') this.emit('incomplete', { deviceId: info.path, source: 'keyboard' });
      }
    };
    // A scanner without an Enter suffix, or one cut short, ends only by silence: nothing else
    // would ever deliver (or report) its last run.
    const ticks = new SilenceTicks(WEDGE_TICK_MS, performance.now());
    const ticker = wedge
      ? setInterval(() => {
          const now = performance.now();
          if (ticks.judge(now)) wedgeOutputs(wedge.tick(now));
        }, WEDGE_TICK_MS)
      : null;
    ticker?.unref();
    const dev: OpenDevice = { info, handle, mode, wedge, ticker };
    this.open.set(info.path, dev);
    handle.onData((report) => {
      try {
        if (mode === 'hid-pos') {
          for (const e of assembler.push(report)) {
            if (e.kind === 'message') deliver(e.message.text, 'hid', e.message.symbology);
            else this.emit('problem', `${name}: report rejected (${e.why})`);
          }
        } else if (wedge) {
          // Stamped on arrival: USB and the event loop bunch or delay reports, which the wedge
          // decoder's gap tolerance absorbs.
          const at = performance.now();
          for (const key of keyboard.report(report, at)) wedgeOutputs(wedge.key(key).outputs);
        }
      } catch (e) {
        this.emit('problem', `${name}: ${(e as Error).message}`);
      }
    });
    handle.onError((e) => void this.drop(info.path, dev, 'error', e.message));
    this.setState(info.path, { id: info.path, kind: mode, name, state: 'connected', detail: null });
  }

  private async drop(path: string, dev: OpenDevice, state: 'disconnected' | 'error', detail: string): Promise<void> {
    if (this.open.get(path) !== dev) return;
    this.open.delete(path);
    if (dev.ticker) clearInterval(dev.ticker);
    const prior = this.states.get(path);
    if (prior) this.setState(path, { ...prior, state, detail });
    // A failure (not an unplug) is a problem for the log too: staff see the state, support the why.
    if (state === 'error') this.emit('problem', `${prior?.name ?? path}: ${detail}`);
    try {
      await dev.handle.close();
    } catch {
      // Closing a device that has gone away fails; the device is dropped either way.
    }
  }

  private setState(path: string, state: DeviceState): void {
    const prior = this.states.get(path);
    if (prior && prior.state === state.state && prior.detail === state.detail) return;
    this.states.set(path, state);
    this.emit('devices', this.list());
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.polling;
    await Promise.all(
      [...this.open.entries()].map(([path, dev]) => this.drop(path, dev, 'disconnected', 'terminal closed')),
    );
  }
}
