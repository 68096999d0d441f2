import type { ServerMigration } from './migration';

/**
 * The console's audit log (issue 13): append-only, enforced by the database itself, so that no
 * code path (nor a hand-typed statement) can rewrite or remove what happened. AUTOINCREMENT keeps
 * ids from ever being reused.
 */
export const consoleAudit: ServerMigration = {
  version: 4,
  name: 'console audit log, append-only',
  up(db) {
    db.exec(`
      CREATE TABLE console_audit (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at REAL NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT,
        before TEXT NOT NULL,
        after TEXT NOT NULL
      ) STRICT;
      CREATE INDEX console_audit_at ON console_audit (at);
      CREATE TRIGGER console_audit_no_update BEFORE UPDATE ON console_audit
        BEGIN SELECT RAISE(ABORT, 'console_audit is append-only'); END;
      CREATE TRIGGER console_audit_no_delete BEFORE DELETE ON console_audit
        BEGIN SELECT RAISE(ABORT, 'console_audit is append-only'); END;
    `);
  },
};
