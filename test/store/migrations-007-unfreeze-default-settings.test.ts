import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../src/node/store/migrations/index';
import { freshDatabaseFile, migratedTo, rowsOf, userVersion } from './migrations-support';

const terminalOf = (db: ReturnType<typeof migratedTo>): unknown =>
  JSON.parse((db.prepare("SELECT value FROM settings WHERE key = 'terminal'").get() as { value: string }).value);

describe('migration 7: staff settings store only what staff changed', () => {
  it('forgets the frozen defaults (self-service off included) and keeps every real choice', () => {
    const path = freshDatabaseFile();
    const db = migratedTo(path, 6);
    // As version 6 saved it after staff picked Polish and an offer: all the merged defaults too.
    const saved = {
      service: 'library',
      offerId: 'cafe-10',
      language: 'pl',
      selfService: false,
      autoReturnValidMs: 3000,
      autoReturnOtherMs: 6000,
      nfcPrefix: '',
      nfcSuffix: '',
      wedgeScanGapMs: 150,
      cameraDeviceId: null,
      volume: 60,
      nfcSerialPath: null,
      nfcSerialBaud: 9600,
      nfcSerialApplePrefix: 'A',
      nfcSerialGooglePrefix: 'G',
      nfcSerialLineEnding: 'crlf',
      statusHardLimitHours: null,
      trustHardLimitDays: 14,
    };
    db.prepare("INSERT INTO settings (key, value) VALUES ('terminal', ?)").run(JSON.stringify(saved));
    db.close();

    const next = migratedTo(path, 7);
    expect(userVersion(next)).toBe(7);
    expect(terminalOf(next)).toEqual({
      service: 'library',
      offerId: 'cafe-10',
      language: 'pl',
      volume: 60,
      trustHardLimitDays: 14,
    });
  });

  it('keeps a desk terminal that staff put into self-service', () => {
    const path = freshDatabaseFile();
    const db = migratedTo(path, 6);
    db.prepare("INSERT INTO settings (key, value) VALUES ('terminal', ?)").run(
      JSON.stringify({ selfService: true, language: 'en' }),
    );
    db.close();
    expect(terminalOf(migratedTo(path, 7))).toEqual({ selfService: true });
  });

  it('does nothing on a terminal with no saved settings, and keeps them through every later migration', () => {
    const path = freshDatabaseFile();
    const db = migratedTo(path, 7);
    expect(db.prepare("SELECT count(*) AS n FROM settings WHERE key = 'terminal'").get()).toEqual({ n: 0 });
    db.prepare('INSERT INTO settings (key, value) VALUES (\'terminal\', \'{"language":"ar"}\')').run();
    const before = rowsOf(db, ['settings']);
    db.close();
    expect(rowsOf(migratedTo(path, SCHEMA_VERSION), ['settings'])).toEqual(before);
  });
});
