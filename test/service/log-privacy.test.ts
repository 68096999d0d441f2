/**
 * The terminal's log: structured lines in a rotated file in its data directory, and never
 * personal data. Every demo card is scanned every way it can be (token, library number typed,
 * through the registry by barcode and NFC), and the log is searched for what the cards hold.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { streamLog } from '../../src/node/log/log';
import { RotatingFile } from '../../src/node/log/rotating-file';
import { makeTerminal } from '../support/terminal';

describe('terminal log', () => {
  it('logs every scan, and no token, name, library number, card id or typed number', async () => {
    const now = { t: Date.now() / 1000 };
    const t = await makeTerminal({ clock: { now: () => now.t } });
    await t.service.setPin({ next: '482916' });
    await t.service.unlock({ pin: '000000' });
    await t.service.unlock({ pin: '482916' });
    await t.service.updateSettings({ nfcPrefix: '~N:' });
    const secrets: string[] = ['482916'];
    let scans = 0;
    for (const card of Object.values(t.cards)) {
      const [, payload, signature] = card.token.split('.') as [string, string, string];
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as {
        sub: string;
        name?: string;
        lib?: string;
      };
      secrets.push(card.token, payload, signature, claims.sub, ...(claims.name ? [claims.name] : []));
      for (const source of ['hid', 'camera', 'keyboard'] as const) {
        await t.service.submit({ text: card.token, source });
        scans++;
        now.t += 11;
      }
      if (claims.lib) {
        secrets.push(claims.lib);
        await t.service.submitManualEntry({ libraryNumber: claims.lib });
        await t.service.submit({ text: claims.lib, source: 'hid' });
        await t.service.submit({ text: `~N:${claims.lib}`, source: 'keyboard' });
        scans += 3;
        now.t += 11;
      }
    }
    await t.service.submit({ text: 'https://example.org/not-a-card?holder=Jane%20Doe', source: 'camera' });
    secrets.push('Jane');
    scans++;
    await t.service.callStaff();
    await t.service.close();

    const dir = join(t.dataDir, 'logs');
    const text = readdirSync(dir)
      .map((f) => readFileSync(join(dir, f), 'utf8'))
      .join('');
    const lines = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.filter((l) => l['event'] === 'scan')).toHaveLength(scans);
    expect(lines.some((l) => l['event'] === 'pin_refused')).toBe(true);
    expect(lines.some((l) => l['event'] === 'staff_call')).toBe(true);
    for (const s of secrets) expect(text.includes(s), `log contains ${s.slice(0, 16)}…`).toBe(false);
    expect((statSync(join(dir, 'terminal.log')).mode & 0o777).toString(8)).toBe('600');
  });
});

describe('log rotation', () => {
  it('keeps at most three files of the size limit', () => {
    const dir = mkdtempSync(join(tmpdir(), 'civicpass-log-'));
    const file = new RotatingFile(join(dir, 'terminal.log'), { maxBytes: 1000, files: 3 });
    for (let i = 0; i < 500; i++) file.write(`${JSON.stringify({ i, pad: 'x'.repeat(40) })}\n`);
    file.close();
    expect(readdirSync(dir).sort()).toEqual(['terminal.log', 'terminal.log.1', 'terminal.log.2']);
    for (const f of readdirSync(dir)) expect(statSync(join(dir, f)).size).toBeLessThanOrEqual(1000);
    // The newest lines are in terminal.log, the oldest kept in terminal.log.2.
    const last = readFileSync(join(dir, 'terminal.log'), 'utf8').trim().split('\n').at(-1)!;
    expect(JSON.parse(last)).toMatchObject({ i: 499 });
    expect(existsSync(join(dir, 'terminal.log.3'))).toBe(false);
  });
});

describe('a log file that cannot be written', () => {
  it('sends each line elsewhere, after one notice per run of failures, and uses the file again when it can', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'civicpass-log-')), 'terminal.log');
    const notices: string[] = [];
    const elsewhere: string[] = [];
    const file = new RotatingFile(path, undefined, {
      notice: (text) => notices.push(text),
      line: (text) => elsewhere.push(text),
    });
    mkdirSync(path); // a folder where the file should be: every write fails
    file.write('{"i":1}\n');
    file.write('{"i":2}\n');
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(
      /^civicpass: cannot write the log file .*terminal\.log \(EISDIR: .*\); its entries go to stderr/,
    );
    expect(elsewhere).toEqual(['{"i":1}\n', '{"i":2}\n']);
    rmdirSync(path);
    file.write('{"i":3}\n');
    file.close();
    expect(readFileSync(path, 'utf8')).toBe('{"i":3}\n');
    // A new run of failures is announced again.
    rmSync(path);
    mkdirSync(path);
    file.write('{"i":4}\n');
    expect(notices).toHaveLength(2);
    expect(elsewhere).toHaveLength(3);
  });

  it.skipIf(!existsSync('/dev/full'))(
    'for `serve`, whose lines are on stderr anyway, the stream is told once and gets no line twice',
    () => {
      const stream: string[] = [];
      const log = streamLog({ write: (text: string) => stream.push(text) }, '/dev/full'); // always ENOSPC
      log.info({ event: 'one' }, 'first');
      log.info({ event: 'two' }, 'second');
      expect(stream.filter((t) => t.startsWith('{'))).toHaveLength(2);
      const notices = stream.filter((t) => t.startsWith('civicpass:'));
      expect(notices).toHaveLength(1);
      expect(notices[0]).toMatch(/cannot write the log file \/dev\/full \(ENOSPC/);
    },
  );

  it('`serve --log-file` is refused at start when it cannot be written, and leaves an existing folder as it was', () => {
    const dir = mkdtempSync(join(tmpdir(), 'civicpass-log-'));
    expect(() => streamLog({ write: () => true }, dir)).toThrow(/EISDIR/);
    const mode = statSync(dir).mode & 0o777;
    streamLog({ write: () => true }, join(dir, 'serve.log'));
    expect(statSync(dir).mode & 0o777).toBe(mode);
    streamLog({ write: () => true }, join(dir, 'new', 'serve.log'));
    expect((statSync(join(dir, 'new')).mode & 0o777).toString(8)).toBe('700');
  });
});
