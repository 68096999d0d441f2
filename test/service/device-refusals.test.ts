/**
 * A scanner's read has no caller to answer, so a refusal must still reach whoever scanned
 * (issue 11 item 1): the page gets a `scan-refused` event with the code, and the log says why.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TerminalApiEvent } from '../../src/contract/terminal-api';
import { DeviceManager } from '../../src/node/devices/device-manager';
import { TerminalService } from '../../src/service/terminal-service';
import { HONEYWELL, report, ScriptedBackend } from '../support/scripted-hid';
import { startServer, type RunningServer } from '../support/sync-server';

let s: RunningServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(async () => {
  await s.close();
});

it('a USB scan on a withdrawn terminal is refused to the page as scan-refused, and logged', async () => {
  const backend = new ScriptedBackend();
  backend.plugged.set(HONEYWELL.path, HONEYWELL);
  const dataDir = mkdtempSync(join(tmpdir(), 'civicpass-terminal-'));
  const service = await TerminalService.open({ dataDir, autoSync: false, devices: new DeviceManager(backend) });
  try {
    await service.admin.enrol(s.url, await s.code(), 'Desk');
    await s.storage.revokeDevice(service.admin.enrolment!.deviceId, Date.now() / 1000);
    await expect(service.admin.runSync()).rejects.toThrow(/revoked/);
    const events: TerminalApiEvent[] = [];
    service.subscribe((e) => events.push(e));
    // The scanner is polled by the device manager; wait for it to be open.
    for (let i = 0; i < 100 && !backend.handles.has(HONEYWELL.path); i++) await new Promise((r) => setTimeout(r, 20));
    backend.handles.get(HONEYWELL.path)!.send(report('29876000000017', false));
    for (let i = 0; i < 100 && !events.some((e) => e.type === 'scan-refused'); i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(events.find((e) => e.type === 'scan-refused')).toEqual({
      type: 'scan-refused',
      source: 'hid',
      code: 'withdrawn',
    });
    expect(events.some((e) => e.type === 'scan')).toBe(false);
    expect(readFileSync(join(dataDir, 'logs', 'terminal.log'), 'utf8')).toMatch(
      /"event":"device_scan_refused".*"code":"withdrawn"/,
    );
  } finally {
    await service.close();
  }
});

it('a scanner that fails is logged with its problem, and shows as not working', async () => {
  const { makeTerminal } = await import('../support/terminal');
  const backend = new ScriptedBackend();
  backend.plugged.set(HONEYWELL.path, HONEYWELL);
  const t = await makeTerminal({ devices: new DeviceManager(backend) });
  try {
    for (let i = 0; i < 100 && !backend.handles.has(HONEYWELL.path); i++) await new Promise((r) => setTimeout(r, 20));
    backend.handles.get(HONEYWELL.path)!.fail('the cable was pulled mid-report');
    for (let i = 0; i < 100 && (await t.service.listDevices())[0]?.state === 'connected'; i++)
      await new Promise((r) => setTimeout(r, 20));
    expect((await t.service.listDevices())[0]).toMatchObject({ state: 'error' });
    expect(readFileSync(join(t.dataDir, 'logs', 'terminal.log'), 'utf8')).toMatch(
      /"event":"device_problem".*the cable was pulled mid-report/,
    );
  } finally {
    await t.service.close();
  }
});
