import type { PostgresMigration } from './migration';

/**
 * The console's audit log, append-only by the database itself (as SQLite's migration 4): a
 * trigger refuses UPDATE, DELETE and TRUNCATE, so no code path nor a hand-typed statement can
 * rewrite what happened. Identity ids are never reused.
 */
export const consoleAudit: PostgresMigration = {
  version: 3,
  name: 'console audit log, append-only',
  async up(client) {
    await client.query(`
      CREATE TABLE console_audit (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at double precision NOT NULL,
        actor text NOT NULL,
        action text NOT NULL,
        target text,
        before json NOT NULL,
        after json NOT NULL
      );
      CREATE INDEX console_audit_at ON console_audit (at);
      CREATE FUNCTION console_audit_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'console_audit is append-only'; END;
      $$;
      CREATE TRIGGER console_audit_no_change BEFORE UPDATE OR DELETE ON console_audit
        FOR EACH ROW EXECUTE FUNCTION console_audit_refuse();
      CREATE TRIGGER console_audit_no_truncate BEFORE TRUNCATE ON console_audit
        FOR EACH STATEMENT EXECUTE FUNCTION console_audit_refuse();
    `);
  },
};
