/**
 * The device manager against scripted HID devices (this machine has no USB scanner): the same
 * backend interface node-hid is adapted to, with devices that can be plugged, unplugged, fail,
 * and send the report bytes real scanners send.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { codeForHidUsage } from '../../src/core/us-keyboard';
import { DeviceManager, type DeviceIncomplete, type DeviceMessage } from '../../src/node/devices/device-manager';
import type { ScriptedDevice } from '../support/scripted-hid';
import { HONEYWELL, KEYBOARD, MOUSE, report, ScriptedBackend } from '../support/scripted-hid';
import { usKeyFor } from '../support/us-keys';

describe('device manager', () => {
  it('opens HID POS scanners by usage page, ignores other devices, and delivers messages', async () => {
    const backend = new ScriptedBackend();
    backend.plugged.set(HONEYWELL.path, HONEYWELL);
    backend.plugged.set(MOUSE.path, MOUSE);
    const m = new DeviceManager(backend);
    const messages: DeviceMessage[] = [];
    m.on('message', (msg) => messages.push(msg));
    await m.poll();
    expect(m.list()).toEqual([
      { id: '/dev/hidraw3', kind: 'hid-pos', name: 'Voyager 1470g', state: 'connected', detail: null },
    ]);
    expect(backend.handles.has(MOUSE.path)).toBe(false);
    const token = 'x'.repeat(60) + '.y.z';
    backend.handles.get(HONEYWELL.path)!.send(report(token.slice(0, 56), true));
    backend.handles.get(HONEYWELL.path)!.send(report(token.slice(56), false));
    expect(messages).toMatchObject([{ text: token, source: 'hid', symbology: ']Q1', deviceId: '/dev/hidraw3' }]);
    await m.close();
  });

  it('survives unplug and replug, and marks the device on the way', async () => {
    const backend = new ScriptedBackend();
    backend.plugged.set(HONEYWELL.path, HONEYWELL);
    const m = new DeviceManager(backend);
    const states: string[] = [];
    m.on('devices', (list) => states.push(list.map((d) => d.state).join()));
    await m.poll();
    backend.plugged.delete(HONEYWELL.path);
    await m.poll();
    expect(backend.handles.get(HONEYWELL.path)!.closed).toBe(true);
    backend.plugged.set(HONEYWELL.path, HONEYWELL);
    await m.poll();
    expect(states).toEqual(['connected', 'disconnected', 'connected']);
    const messages: DeviceMessage[] = [];
    m.on('message', (msg) => messages.push(msg));
    backend.handles.get(HONEYWELL.path)!.send(report('29876000000017', false));
    expect(messages.map((x) => x.text)).toEqual(['29876000000017']);
    await m.close();
  });

  it('turns device errors and open failures into states, never exceptions, and retries', async () => {
    const backend = new ScriptedBackend();
    backend.plugged.set(HONEYWELL.path, HONEYWELL);
    backend.failOpen.add(HONEYWELL.path);
    const m = new DeviceManager(backend);
    await m.poll();
    expect(m.list()[0]).toMatchObject({ state: 'error', detail: 'cannot open: permission denied' });
    backend.failOpen.clear();
    await m.poll();
    expect(m.list()[0]).toMatchObject({ state: 'connected' });
    backend.handles.get(HONEYWELL.path)!.fail('device disconnected');
    await Promise.resolve();
    expect(m.list()[0]).toMatchObject({ state: 'error', detail: 'device disconnected' });
    await m.poll();
    expect(m.list()[0]).toMatchObject({ state: 'connected' });
    await m.close();
  });

  it('malformed reports produce problems, never messages or crashes', async () => {
    const backend = new ScriptedBackend();
    backend.plugged.set(HONEYWELL.path, HONEYWELL);
    const m = new DeviceManager(backend);
    const messages: DeviceMessage[] = [];
    const problems: string[] = [];
    m.on('message', (msg) => messages.push(msg));
    m.on('problem', (p) => problems.push(p));
    await m.poll();
    const h = backend.handles.get(HONEYWELL.path)!;
    h.send(new Uint8Array(0));
    h.send(Uint8Array.of(2, 200, 1, 2, 3));
    h.send(new Uint8Array(64).fill(0xee));
    h.send(report('half', true));
    h.send(Uint8Array.of(9, 9, 9));
    expect(messages).toEqual([]);
    expect(problems.length).toBeGreaterThanOrEqual(4);
    await m.close();
  });

  it('reads a configured keyboard-mode scanner through boot reports and the wedge decoder', async () => {
    const backend = new ScriptedBackend();
    backend.plugged.set(KEYBOARD.path, KEYBOARD);
    const m = new DeviceManager(backend, [
      { vendorId: KEYBOARD.vendorId, productId: KEYBOARD.productId, mode: 'keyboard' },
    ]);
    const messages: DeviceMessage[] = [];
    m.on('message', (msg) => messages.push(msg));
    await m.poll();
    const h = backend.handles.get(KEYBOARD.path)!;
    // "29876000" then Enter, each key pressed and released, as fast as a scanner types.
    for (const usage of [0x1f, 0x26, 0x25, 0x24, 0x23, 0x27, 0x27, 0x27, 0x28]) {
      h.send(Uint8Array.of(0, 0, usage, 0, 0, 0, 0, 0));
      h.send(new Uint8Array(8));
    }
    expect(messages).toMatchObject([{ text: '29876000', source: 'keyboard' }]);
    await m.close();
  });

  describe('keyboard mode with real timing (decision 33)', () => {
    /** HID usage for each physical key, from the table the manager reads reports with. */
    const USAGE = new Map<string, number>();
    for (let u = 0; u < 256; u++) {
      const code = codeForHidUsage(u);
      if (code) USAGE.set(code, u);
    }
    /** Each character pressed and released, as boot reports; all sent at once, as one USB burst. */
    const press = (h: ScriptedDevice, text: string): void => {
      for (const ch of text) {
        const key = ch === '\n' ? { code: 'Enter', shift: false } : usKeyFor(ch);
        h.send(Uint8Array.of(key.shift ? 0x02 : 0, 0, USAGE.get(key.code)!, 0, 0, 0, 0, 0));
        h.send(new Uint8Array(8));
      }
    };
    const segment = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
    /** Structurally complete (profile algorithm, 86-character signature): what the decoder checks. */
    const token = [
      segment({ alg: 'EdDSA', kid: 'k1', typ: 'civicpass+jwt' }),
      segment({ v: 1, iss: 'https://id.example.gov.uk', sub: 'card_0001', svc: ['library'] }),
      'A'.repeat(86),
    ].join('.');

    async function keyboardScanner(): Promise<{
      m: DeviceManager;
      h: ScriptedDevice;
      messages: DeviceMessage[];
      incomplete: DeviceIncomplete[];
    }> {
      const backend = new ScriptedBackend();
      backend.plugged.set(KEYBOARD.path, KEYBOARD);
      const m = new DeviceManager(backend, [
        { vendorId: KEYBOARD.vendorId, productId: KEYBOARD.productId, mode: 'keyboard' },
      ]);
      const messages: DeviceMessage[] = [];
      const incomplete: DeviceIncomplete[] = [];
      m.on('message', (msg) => messages.push(msg));
      m.on('incomplete', (i) => incomplete.push(i));
      await m.poll();
      return { m, h: backend.handles.get(KEYBOARD.path)!, messages, incomplete };
    }

    it('a token sent in Bluetooth-like packets 40-100 ms apart, then Enter, is one message', async () => {
      const { m, h, messages, incomplete } = await keyboardScanner();
      for (let i = 0; i < token.length; i += 16) {
        press(h, token.slice(i, i + 16));
        await sleep(40 + ((i * 7) % 60));
      }
      press(h, '\n');
      await sleep(250);
      expect(messages.map((x) => [x.text, x.source])).toEqual([[token, 'keyboard']]);
      expect(incomplete).toEqual([]);
      await m.close();
    });

    it('without Enter, silence ends the scan: a library number with a pause is one message', async () => {
      const { m, h, messages } = await keyboardScanner();
      press(h, '2987600');
      await sleep(70);
      press(h, '0123456');
      await sleep(60);
      expect(messages).toEqual([]); // not yet: a scanner may still be pausing
      await sleep(300);
      expect(messages.map((x) => x.text)).toEqual(['29876000123456']);
      await m.close();
    });

    it('a scan cut short is reported incomplete, and its fragment is never a message', async () => {
      const { m, h, messages, incomplete } = await keyboardScanner();
      press(h, token.slice(0, 90));
      await sleep(300);
      expect(messages).toEqual([]);
      expect(incomplete).toEqual([{ deviceId: KEYBOARD.path, source: 'keyboard' }]);
      await m.close();
    });

    it('setWedgeOptions applies to an open scanner: a longer scanGapMs tolerates a longer pause', async () => {
      const { m, h, messages } = await keyboardScanner();
      m.setWedgeOptions({ scanGapMs: 600 });
      press(h, '2987600');
      await sleep(300);
      press(h, '0123456\n');
      expect(messages.map((x) => x.text)).toEqual(['29876000123456']);
      await m.close();
    });
  });
});
