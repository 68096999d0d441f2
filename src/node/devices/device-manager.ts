import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import { HID_POS_LAYOUTS, HidPosAssembler, type HidPosLayoutName } from '../../core/hid-pos-parser';
import { codeForHidUsage } from '../../core/us-keyboard';
import { BootKeyboardReader, WedgeDecoder } from '../../core/wedge-decoder';
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

interface OpenDevice {
  readonly info: HidDeviceInfo;
  readonly handle: HidHandle;
  readonly mode: 'hid-pos' | 'keyboard';
}

/**
 * Finds, opens and watches scanners: HID POS devices (usage page 0x8C) automatically, and
 * keyboard-mode devices when configured. Polls enumeration so unplug/replug just works, and
 * turns every device error into a state change, never an exception that escapes.
 */
export class DeviceManager extends EventEmitter<{
  message: [DeviceMessage];
  devices: [DeviceState[]];
  problem: [string];
}> {
  private readonly open = new Map<string, OpenDevice>();
  private readonly states = new Map<string, DeviceState>();
  private timer: NodeJS.Timeout | null = null;
  private polling: Promise<void> | null = null;
  private closed = false;

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
      this.setState(info.path, {
        id: info.path,
        kind: mode,
        name,
        state: 'error',
        detail: `cannot open: ${(e as Error).message}`,
      });
      return;
    }
    const dev: OpenDevice = { info, handle, mode };
    this.open.set(info.path, dev);
    const conf = this.configured.find((c) => c.vendorId === info.vendorId && c.productId === info.productId);
    const layout = HID_POS_LAYOUTS[conf?.layout ?? (info.vendorId === 0x0c2e ? 'honeywell' : 'standard')];
    const assembler = new HidPosAssembler(layout);
    const keyboard = new BootKeyboardReader(codeForHidUsage);
    const wedge = new WedgeDecoder();
    const deliver = (text: string, source: 'hid' | 'keyboard', symbology: string | null): void => {
      this.emit('message', { text, source, symbology, deviceId: info.path, receivedAt: performance.now() });
    };
    handle.onData((report) => {
      try {
        if (mode === 'hid-pos') {
          for (const e of assembler.push(report)) {
            if (e.kind === 'message') deliver(e.message.text, 'hid', e.message.symbology);
            else this.emit('problem', `${name}: report rejected (${e.why})`);
          }
        } else {
          const at = performance.now();
          for (const key of keyboard.report(report, at)) {
            for (const out of wedge.key(key)) if (out.kind === 'scan') deliver(out.text, 'keyboard', null);
          }
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
    const prior = this.states.get(path);
    if (prior) this.setState(path, { ...prior, state, detail });
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
