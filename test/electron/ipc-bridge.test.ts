import { afterAll, describe, expect, it } from 'vitest';
import { handleIpc } from '../../electron/main/ipc-bridge';
import { APP_ORIGIN } from '../../electron/main/guards';
import { makeTerminal, type TestTerminal } from '../support/terminal';

const app = { url: `${APP_ORIGIN}/index.html`, isMainFrame: true };
let t: TestTerminal;

describe('IPC bridge', async () => {
  t = await makeTerminal();
  afterAll(() => t.service.close());

  it('serves a valid call from the app main frame, in an envelope', async () => {
    const r = await handleIpc(t.service, 'civicpass:getSettings', app, undefined);
    expect(r).toMatchObject({ ok: true, value: { language: 'en' } });
    const scan = await handleIpc(t.service, 'civicpass:submitScan', app, {
      text: t.cards['valid']!.token,
      source: 'camera',
    });
    expect(scan).toMatchObject({ ok: true, value: { status: 'handled', result: { outcome: 'valid' } } });
  });

  it('refuses other senders: another origin, a subframe, no frame', async () => {
    for (const sender of [
      { url: 'https://evil.example/', isMainFrame: true },
      { url: `${APP_ORIGIN}/index.html`, isMainFrame: false },
      null,
    ]) {
      expect(await handleIpc(t.service, 'civicpass:getSettings', sender, undefined)).toEqual({
        ok: false,
        error: { code: 'forbidden', message: 'calls are accepted only from the app', detail: null },
      });
    }
  });

  it('refuses unknown operations and bad arguments, with the contract error codes', async () => {
    expect(await handleIpc(t.service, 'civicpass:dropDatabase', app, {})).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await handleIpc(t.service, 'other:getSettings', app, {})).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await handleIpc(t.service, 'civicpass:subscribe', app, {})).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await handleIpc(t.service, 'civicpass:submitScan', app, { text: 'x', source: 'hid' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_argument' },
    });
    // The refused field comes with the code, so the screen can say which value was wrong.
    expect(await handleIpc(t.service, 'civicpass:submitScan', app, { text: 7, source: 'camera' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_argument', detail: 'text' },
    });
    expect(await handleIpc(t.service, 'civicpass:updateSettings', app, { language: 'ar' })).toMatchObject({
      ok: false,
      error: { code: 'locked' },
    });
  });
});
