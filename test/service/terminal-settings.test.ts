/**
 * The staff settings over a real SQLite file: only what staff changed is stored (defaults keep
 * following the venue), each change is announced with its value before and after, and a refused
 * value stores nothing.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { DEFAULT_VENUE, type VenueConfig } from '../../src/core/venue-config';
import { openDatabase, type Db } from '../../src/node/store/database';
import { SettingsStore } from '../../src/node/store/settings-store';
import { SettingRefused, TerminalSettingsStore, type SettingChange } from '../../src/service/terminal-settings';

const desk: VenueConfig = { ...DEFAULT_VENUE, services: ['library', 'citysave'] };
const kiosk: VenueConfig = { ...desk, role: 'self_service' };

function store(): { db: Db; settings: TerminalSettingsStore; stored: () => unknown } {
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'civicpass-settings-')), 'terminal.db'));
  onTestFinished(() => {
    db.close();
  });
  const settings = new TerminalSettingsStore(new SettingsStore(db));
  const stored = (): unknown => {
    const row = db.prepare("SELECT value FROM settings WHERE key = 'terminal'").get() as { value: string } | undefined;
    return row ? JSON.parse(row.value) : undefined;
  };
  return { db, settings, stored };
}

describe('staff settings', () => {
  it('store only what staff changed, so self-service keeps following the venue’s role', () => {
    const { settings, stored } = store();
    expect(settings.read(desk).selfService).toBe(false);
    settings.apply(settings.plan(desk, { language: 'pl' }));
    expect(stored()).toEqual({ language: 'pl' });
    // The venue becomes a self-service one: the terminal follows, with the staff's language.
    expect(settings.read(kiosk)).toMatchObject({ selfService: true, language: 'pl', service: 'library' });
  });

  it('a value that is already so is no change: nothing written, nothing announced', () => {
    const { settings, stored } = store();
    const heard: (readonly SettingChange[])[] = [];
    settings.on('change', (c) => heard.push(c));
    expect(settings.plan(desk, { language: 'en', volume: 80 })).toEqual([]);
    settings.apply([]);
    expect(stored()).toBeUndefined();
    expect(heard).toEqual([]);
  });

  it('each change is announced with its value before and after, once stored', () => {
    const { settings, stored } = store();
    const heard: (readonly SettingChange[])[] = [];
    settings.on('change', (c) => heard.push(c));
    const changes = settings.plan(desk, { volume: 40, language: 'en', service: 'citysave' });
    expect(heard).toEqual([]);
    settings.apply(changes);
    expect(heard).toEqual([
      [
        { key: 'volume', from: 80, to: 40 },
        { key: 'service', from: 'library', to: 'citysave' },
      ],
    ]);
    expect(stored()).toEqual({ volume: 40, service: 'citysave' });
  });

  it('a value the venue or the reader cannot take is refused, naming the setting; nothing is stored', () => {
    const { settings, stored } = store();
    expect(() => settings.plan(desk, { service: 'swimming' })).toThrow(SettingRefused);
    expect(() => settings.plan(desk, { nfcSerialApplePrefix: 'G' })).toThrow(
      expect.objectContaining({ setting: 'nfcSerialApplePrefix' }) as Error,
    );
    expect(stored()).toBeUndefined();
  });

  it('reload forgets the copy in memory, as after a rolled-back transaction', () => {
    const { db, settings } = store();
    expect(() =>
      db.transaction(() => {
        settings.apply(settings.plan(desk, { volume: 10 }));
        throw new Error('the audit row could not be written');
      })(),
    ).toThrow(/audit row/);
    expect(settings.read(desk).volume).toBe(10);
    settings.reload();
    expect(settings.read(desk).volume).toBe(80);
  });
});
