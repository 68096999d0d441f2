/**
 * One vocabulary of refusals (issue 11): the service throws ApiError codes with a detail the
 * screens can word (which setting, why enrolment failed); a wrong PIN is not `locked`.
 */
import { createServer } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { makeTerminal } from '../support/terminal';

async function unlocked() {
  const t = await makeTerminal();
  onTestFinished(() => t.service.close());
  await t.service.setPin({ next: '482916' });
  await t.service.unlock({ pin: '482916' });
  return t;
}

/** A port on 127.0.0.1 that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('refusals carry a code and a detail for the screens', () => {
  it('a setting the reader cannot take names the setting', async () => {
    const t = await unlocked();
    await t.service.updateSettings({ nfcSerialApplePrefix: 'X' });
    await expect(t.service.updateSettings({ nfcSerialGooglePrefix: 'X' })).rejects.toMatchObject({
      code: 'invalid_argument',
      detail: 'nfcSerialGooglePrefix',
      message: 'NFC reader: the Apple and Google prefixes are the same',
    });
    await expect(t.service.updateSettings({ service: 'swimming' })).rejects.toMatchObject({
      code: 'invalid_argument',
      detail: 'service',
    });
    // A value refused by the contract's schema names its field too.
    await expect(t.service.updateSettings({ volume: 400 })).rejects.toMatchObject({
      code: 'invalid_argument',
      detail: 'volume',
    });
    // Nothing was stored by the refused changes.
    expect((await t.service.getSettings()).nfcSerialGooglePrefix).not.toBe('X');
  });

  it('a wrong current PIN is wrong_pin, and too many are pin_locked_out, not locked', async () => {
    const t = await unlocked();
    await expect(t.service.setPin({ current: '000000', next: '111111' })).rejects.toMatchObject({ code: 'wrong_pin' });
    let last: unknown;
    for (let i = 0; i < 10; i++)
      last = await t.service.setPin({ current: '000000', next: '111111' }).catch((e: unknown) => e);
    expect(last).toMatchObject({ code: 'pin_locked_out' });
  });

  it('enrolment says why it failed: not https, nothing listening', async () => {
    const t = await unlocked();
    await expect(
      t.service.enrol({ serverUrl: 'http://sync.example.org', code: 'ABCD-EFGH', label: 'Desk' }),
    ).rejects.toMatchObject({ code: 'enrolment_failed', detail: 'not_https' });
    const port = await closedPort();
    await expect(
      t.service.enrol({ serverUrl: `http://127.0.0.1:${port}`, code: 'ABCD-EFGH', label: 'Desk' }),
    ).rejects.toMatchObject({ code: 'enrolment_failed', detail: 'unreachable' });
  });
});
