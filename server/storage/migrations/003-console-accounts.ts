import type { ServerMigration } from './migration';

/**
 * The council console's accounts (issue 13): users (one per email in any case, a venue manager
 * with a venue and nobody else with one), their sessions (the id is a hash of the cookie's token,
 * never the token) and recent sign-in failures per email, for the lockout.
 */
export const consoleAccounts: ServerMigration = {
  version: 3,
  name: 'console users, sessions and sign-in failures',
  up(db) {
    db.exec(`
      CREATE TABLE console_users (
        id INTEGER PRIMARY KEY,
        email TEXT NOT NULL UNIQUE COLLATE NOCASE,
        role TEXT NOT NULL CHECK (role IN ('council_admin', 'venue_manager', 'auditor')),
        venue_id TEXT REFERENCES venues (id),
        password_hash TEXT NOT NULL,
        created_at REAL NOT NULL,
        CHECK ((role = 'venue_manager') = (venue_id IS NOT NULL))
      ) STRICT;
      CREATE TABLE console_sessions (
        id TEXT PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES console_users (id) ON DELETE CASCADE,
        csrf TEXT NOT NULL,
        created_at REAL NOT NULL,
        last_seen_at REAL NOT NULL,
        expires_at REAL NOT NULL
      ) STRICT;
      CREATE INDEX console_sessions_expires ON console_sessions (expires_at);
      CREATE TABLE console_sign_in_failures (
        id INTEGER PRIMARY KEY,
        email TEXT NOT NULL COLLATE NOCASE,
        at REAL NOT NULL
      ) STRICT;
      CREATE INDEX console_sign_in_failures_email ON console_sign_in_failures (email, at);
    `);
  },
};
