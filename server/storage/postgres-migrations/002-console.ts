import type { PostgresMigration } from './migration';

/**
 * The council console's accounts, sessions, sign-in failures and each terminal's last sync and
 * health (SQLite migrations 3 and 5). Emails are compared without regard to case through
 * `lower(email)`, unique by that index.
 */
export const consoleTables: PostgresMigration = {
  version: 2,
  name: 'console users, sessions, sign-in failures, device health',
  async up(client) {
    await client.query(`
      CREATE TABLE console_users (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        email text NOT NULL,
        role text NOT NULL CHECK (role IN ('council_admin', 'venue_manager', 'auditor')),
        venue_id text REFERENCES venues (id),
        password_hash text NOT NULL,
        created_at double precision NOT NULL,
        CHECK ((role = 'venue_manager') = (venue_id IS NOT NULL))
      );
      CREATE UNIQUE INDEX console_users_email ON console_users (lower(email));
      CREATE TABLE console_sessions (
        id text PRIMARY KEY,
        user_id bigint NOT NULL REFERENCES console_users (id) ON DELETE CASCADE,
        csrf text NOT NULL,
        created_at double precision NOT NULL,
        last_seen_at double precision NOT NULL,
        expires_at double precision NOT NULL
      );
      CREATE INDEX console_sessions_expires ON console_sessions (expires_at);
      CREATE TABLE console_sign_in_failures (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        email text NOT NULL,
        at double precision NOT NULL
      );
      CREATE INDEX console_sign_in_failures_email ON console_sign_in_failures (lower(email), at);
      CREATE TABLE device_health (
        device_id text PRIMARY KEY REFERENCES devices (id),
        last_sync_at double precision NOT NULL,
        health json
      );
    `);
  },
};
