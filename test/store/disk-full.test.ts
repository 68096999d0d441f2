/**
 * A full disk: the kiosk used to say only "internal" and log nothing. Now a scan that cannot be
 * stored is refused as `storage_full` (no verdict: a discount given without its record could be
 * given twice), Status says so, and scanning works again once there is room. The log is on the
 * same full disk: an entry its file cannot take goes to stderr (journald, the console) instead,
 * so the `storage_full` entry is not lost with it. (The words on screen: test/renderer.)
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TerminalService } from '../../src/service/terminal-service';
import { demoDeployment } from '../support/terminal';
import { readStatusDir } from '../../src/node/trust-files';

const mountPoint = mkdtempSync(join(tmpdir(), 'civicpass-full-'));
/** A 3 MiB tmpfs (root only); elsewhere the test is skipped with the reason. */
const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', mountPoint]).status === 0;
if (!mounted) console.warn('disk-full test skipped: mounting a tmpfs needs root (run the tests as root, as CI does)');

/** Writes until the file system refuses: the disk is full. */
function fill(path: string, flags = 'w', byte = 1): void {
  const fd = openSync(path, flags);
  const block = Buffer.alloc(64 * 1024, byte);
  try {
    for (;;) writeSync(fd, block);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
    for (;;) {
      try {
        writeSync(fd, Buffer.alloc(512, byte));
      } catch {
        break;
      }
    }
  } finally {
    closeSync(fd);
  }
}

/** The JSON lines of a log (blank lines, such as the test's padding, skipped); throws on a broken one. */
function entries(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

const logFile = join(mountPoint, 'terminal', 'logs', 'terminal.log');

describe.skipIf(!mounted)('disk full', () => {
  let service: TerminalService;
  beforeAll(async () => {
    const { dir } = await demoDeployment();
    service = await TerminalService.open({ dataDir: join(mountPoint, 'terminal'), autoSync: false });
    await service.admin.importTrust({
      anchor: JSON.parse(readFileSync(join(dir, 'anchor.json'), 'utf8')),
      trustList: readFileSync(join(dir, 'trust.jwt'), 'utf8'),
      statusLists: (await readStatusDir(join(dir, 'status'))).map((s) => s.compact),
      venue: JSON.parse(readFileSync(join(dir, 'venue.json'), 'utf8')),
      source: 'test',
    });
  });
  afterAll(async () => {
    await service?.close();
    spawnSync('umount', [mountPoint]);
  });

  it('refuses a scan it cannot store, says so on Status, logs it, and recovers when there is room', async () => {
    const { cards } = await demoDeployment();
    const token = cards.find((c) => c.id === 'valid')!.token;
    expect((await service.submit({ text: token, source: 'hid' })).result.outcome).toBe('valid');
    const before = service.admin.queue().depth;
    fill(join(mountPoint, 'filler'));
    // Every byte: the filler takes the free pages, blank lines the log file's last one.
    fill(logFile, 'a', 0x0a);
    const stderr: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stderr.push(String(chunk));
      return true;
    });
    const events: string[] = [];
    service.subscribe((e) => events.push(e.type === 'status' ? `status:${e.status.storage}` : e.type));
    let refused = 0;
    // A few scans of different codes: each is refused, none is answered as if recorded.
    try {
      for (const text of ['TOTAL-1', 'TOTAL-2', 'TOTAL-3']) {
        await expect(service.submit({ text, source: 'hid' })).rejects.toMatchObject({ code: 'storage_full' });
        refused++;
      }
    } finally {
      spy.mockRestore();
    }
    expect(refused).toBe(3);
    // Logged, though not in the full log file: on stderr, after one notice saying why.
    const notices = stderr.filter((t) => t.startsWith('civicpass: cannot write the log file'));
    expect(notices, stderr.join('')).toHaveLength(1);
    expect(notices[0]).toContain(logFile);
    expect(notices[0]).toMatch(/ENOSPC/);
    const fullEntries = entries(stderr.join('')).filter((l) => l['event'] === 'storage_full');
    expect(fullEntries).toHaveLength(3);
    expect(fullEntries[0]).toMatchObject({ level: 50, msg: 'storage full: scan not recorded' });
    expect(entries(readFileSync(logFile, 'utf8')).filter((l) => l['event'] === 'storage_full')).toEqual([]);
    expect(events).not.toContain('scan');
    expect((await service.getStatus()).storage).toBe('full');
    expect(events).toContain('status:full');
    expect(service.admin.queue().depth).toBe(before);
    rmSync(join(mountPoint, 'filler'));
    const recovered = await service.submit({ text: 'TOTAL-4', source: 'hid' });
    expect(recovered.result.reason).toBe('unreadable');
    expect((await service.getStatus()).storage).toBe('ok');
    expect(service.admin.queue().depth).toBe(before + 1);
    // With room again, the log file takes its entries again, whole lines only.
    const logged = entries(readFileSync(logFile, 'utf8'));
    expect(logged.filter((l) => l['event'] === 'scan').at(-1)).toMatchObject({ id: recovered.result.eventId });
  });
});
