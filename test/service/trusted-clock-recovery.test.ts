/**
 * A trusted time that ran ahead (a wrong signed time, or the unsigned `Date` an earlier version
 * believed) makes every genuine card look out of date. Staff can set it back, with the PIN; the
 * change is in the audit log.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { TerminalService } from '../../src/service/terminal-service';
import { makeTerminal } from '../support/terminal';

it('staff reset a trusted time ten years ahead, with the PIN, and genuine cards are valid again', async () => {
  const t = await makeTerminal();
  await t.service.setPin({ next: '482916' });
  await t.service.close();
  const tenYears = Date.now() / 1000 + 10 * 365 * 86400;
  const db = new Database(join(t.dataDir, 'terminal.db'));
  db.prepare(
    "INSERT INTO security_state (key, value) VALUES ('trusted_time', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
  ).run(JSON.stringify(tenYears));
  db.close();

  const service = await TerminalService.open({ dataDir: t.dataDir, autoSync: false });
  try {
    const token = t.cards['valid']!.token;
    const before = (await service.submit({ text: token, source: 'hid' })).result;
    expect(before.outcome).not.toBe('valid');
    expect((await service.getStatus()).clock).toMatchObject({ behind: true, suspect: true });

    await expect(service.resetTrustedClock()).rejects.toMatchObject({ code: 'locked' });
    await service.unlock({ pin: '482916' });
    const { from, to } = await service.resetTrustedClock();
    expect(from).toBeCloseTo(tenYears, 0);
    expect(to).toBeLessThan(Date.now() / 1000 + 1);
    expect((await service.getStatus()).clock).toMatchObject({ behind: false, suspect: false });
    const after = (await service.submit({ text: token, source: 'camera' })).result;
    expect(after).toMatchObject({ outcome: 'valid', repeat: false, warnings: [] });

    const audit = new Database(join(t.dataDir, 'terminal.db'), { readonly: true });
    const rows = audit.prepare("SELECT detail FROM audit_log WHERE action = 'trusted_clock_reset'").all() as {
      detail: string;
    }[];
    audit.close();
    expect(rows.map((r) => JSON.parse(r.detail) as unknown)).toEqual([{ from, to }]);
  } finally {
    await service.close();
  }
});
