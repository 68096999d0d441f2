/**
 * Scripted HID devices for tests (this machine has no USB scanner): the same backend interface
 * node-hid is adapted to, with devices that can be plugged, unplugged, fail, and send the report
 * bytes real scanners send.
 */
import type { HidBackend, HidDeviceInfo, HidHandle } from '../../src/node/devices/hid-backend';

export class ScriptedDevice implements HidHandle {
  private data: ((r: Uint8Array) => void)[] = [];
  private errors: ((e: Error) => void)[] = [];
  closed = false;
  onData(l: (r: Uint8Array) => void): void {
    this.data.push(l);
  }
  onError(l: (e: Error) => void): void {
    this.errors.push(l);
  }
  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
  send(report: Uint8Array): void {
    for (const l of this.data) l(report);
  }
  fail(message: string): void {
    for (const l of this.errors) l(new Error(message));
  }
}

export class ScriptedBackend implements HidBackend {
  plugged = new Map<string, HidDeviceInfo>();
  handles = new Map<string, ScriptedDevice>();
  failOpen = new Set<string>();
  devices(): Promise<HidDeviceInfo[]> {
    return Promise.resolve([...this.plugged.values()]);
  }
  open(path: string): Promise<HidHandle> {
    if (this.failOpen.has(path)) return Promise.reject(new Error('permission denied'));
    const h = new ScriptedDevice();
    this.handles.set(path, h);
    return Promise.resolve(h);
  }
}

export const HONEYWELL: HidDeviceInfo = {
  path: '/dev/hidraw3',
  vendorId: 0x0c2e,
  productId: 0x0b87,
  product: 'Voyager 1470g',
  usagePage: 0x8c,
  usage: 2,
};
export const KEYBOARD: HidDeviceInfo = {
  path: '/dev/hidraw4',
  vendorId: 0x05e0,
  productId: 0x1200,
  product: 'Symbol scanner (keyboard)',
  usagePage: 1,
  usage: 6,
};
export const MOUSE: HidDeviceInfo = {
  path: '/dev/hidraw5',
  vendorId: 0x046d,
  productId: 0xc077,
  product: 'Mouse',
  usagePage: 1,
  usage: 2,
};

/** One HID POS input report (Honeywell layout): up to 56 bytes of a message, and whether more follow. */
export function report(text: string, more: boolean): Uint8Array {
  const r = new Uint8Array(64);
  r[0] = 2;
  r[1] = 3 + text.length;
  r.set(Buffer.from(']Q1' + text), 2);
  r[61] = 0x73;
  r[63] = more ? 1 : 0;
  return r;
}
