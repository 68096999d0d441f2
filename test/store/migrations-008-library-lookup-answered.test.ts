import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../src/node/store/migrations/index';
import { columns, freshDatabaseFile, migratedTo, rowsOf } from './migrations-support';

const SCAN = `INSERT INTO scan_log (id, at, outcome, reason, service, offer, source, latency_ms, kid, trust_seq, card_ref)
  VALUES ('s1', 10, 'valid', 'ok', 'library', NULL, 'camera', 3, NULL, NULL, NULL)`;

describe('migration 8: library lookup answered', () => {
  it('adds only whether the lookup answered, empty for the scans already logged', () => {
    const path = freshDatabaseFile();
    const db = migratedTo(path, 7);
    db.prepare(SCAN).run();
    const before = columns(db, 'scan_log');
    db.close();

    const next = migratedTo(path, 8);
    expect(columns(next, 'scan_log')).toEqual([...before, 'lms_answered']);
    expect(next.prepare('SELECT id, lms_answered FROM scan_log').all()).toEqual([{ id: 's1', lms_answered: null }]);
    // A yes or a no: nothing else the library system says fits in it.
    next.prepare("UPDATE scan_log SET lms_answered = 1 WHERE id = 's1'").run();
    expect(() => next.prepare("UPDATE scan_log SET lms_answered = 2 WHERE id = 's1'").run()).toThrow(/CHECK/);
  });

  it('keeps the answers through every later migration', () => {
    const path = freshDatabaseFile();
    const db = migratedTo(path, 8);
    db.prepare(SCAN).run();
    db.prepare("UPDATE scan_log SET lms_answered = 0 WHERE id = 's1'").run();
    const before = rowsOf(db, ['scan_log']);
    db.close();
    expect(rowsOf(migratedTo(path, SCHEMA_VERSION), ['scan_log'])).toEqual(before);
  });
});
