/**
 * The transaction-level advisory locks the PostgreSQL backend takes, by key. Each is held until
 * its transaction commits or rolls back, so work done under one is visible to every later
 * snapshot before the next holder can start (docs/storage.md, "Feed cursors", says why).
 * Keys are two int4s: a class ("CPSV", the server's mark, and the next numbers) and a value
 * (a venue's or an email's hash). A hash collision between two venues only makes them wait for
 * each other; it never lets two writers of one venue in at once.
 */
import type pg from 'pg';

const CLASS = 0x43505356;
const FEED = CLASS + 1;
const SIGN_IN = CLASS + 2;

/** Schema changes: one server process migrates at a time. */
export async function lockMigrations(client: pg.PoolClient): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock($1, 0)', [CLASS]);
}

/** The registry feed: one writer at a time takes a registry seq and writes its entry. */
export async function lockRegistryFeed(client: pg.PoolClient): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock($1, 1)', [CLASS]);
}

/** A venue's redemption and staff-call feeds: one writer at a time per venue. */
export async function lockVenueFeed(client: pg.PoolClient, venueId: string): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [FEED, venueId]);
}

/** One email's sign-in attempts: each counts the ones committed before it. */
export async function lockSignIns(client: pg.PoolClient, email: string): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock($1, hashtext(lower($2)))', [SIGN_IN, email]);
}
