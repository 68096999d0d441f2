/** PostgreSQL migration 2: console users (one per email in any case), sessions, sign-in failures, device health. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freshSchema, testDatabase, type TestDatabase } from '../support/postgres';
import { migrateTo, tables, withClient } from '../support/postgres-schema';

let database: TestDatabase;
beforeAll(async () => {
  database = await testDatabase();
});
afterAll(async () => {
  await database?.drop();
});

it('makes the console tables; an email is one account in any case; a venue manager alone has a venue', async () => {
  const url = await freshSchema(database.url);
  await migrateTo(url, 1);
  await withClient(url, (c) => c.query("INSERT INTO venues VALUES ('v', '{}', 'k')"));
  await migrateTo(url, 2);
  await withClient(url, async (c) => {
    expect(await tables(c)).toEqual(
      expect.arrayContaining(['console_sessions', 'console_sign_in_failures', 'console_users', 'device_health']),
    );
    const add = (email: string, role: string, venue: string | null) =>
      c.query(
        'INSERT INTO console_users (email, role, venue_id, password_hash, created_at) VALUES ($1, $2, $3, $4, 0)',
        [email, role, venue, 'h'],
      );
    await add('A@x.example', 'auditor', null);
    await expect(add('a@X.example', 'auditor', null)).rejects.toThrow(/unique/);
    await expect(add('m@x.example', 'venue_manager', null)).rejects.toThrow(/check/);
    await expect(add('n@x.example', 'auditor', 'v')).rejects.toThrow(/check/);
    await expect(add('o@x.example', 'owner', null)).rejects.toThrow(/check/);
    await add('m@x.example', 'venue_manager', 'v');
    await expect(c.query("INSERT INTO device_health VALUES ('nobody', 0, NULL)")).rejects.toThrow(/foreign key/);
  });
});
