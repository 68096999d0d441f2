import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from '../../src/node/command-io';

/** The form of service, venue and offer codes everywhere (events, configuration, cards). */
const CODE = /^[a-z0-9-]{1,32}$/;

/** The value of a required option, or a usage error naming it. */
export function required(name: string, value: string | undefined): string {
  if (value === undefined || value.trim() === '') throw new UsageError(`--${name} is required`);
  return value;
}

/** A code: 1-32 lowercase letters, digits or dashes (what terminals and events accept). */
export function code(name: string, value: string): string {
  if (!CODE.test(value)) throw new UsageError(`--${name} ${value} must be 1-32 lowercase letters, digits or dashes`);
  return value;
}

/** A comma-separated list of codes. */
export function codes(name: string, value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => code(name, s));
}

/** A number within bounds, written plainly (no `1e3`, no `Infinity`). */
export function numberIn(name: string, value: string, min: number, max: number, options: { integer: boolean }): number {
  const pattern = options.integer ? /^\d+$/ : /^\d+(\.\d+)?$/;
  const n = pattern.test(value) ? Number(value) : NaN;
  if (!(n >= min && n <= max)) {
    const kind = options.integer ? 'a whole number' : 'a number';
    throw new UsageError(`--${name} ${value} must be ${kind} from ${min} to ${max}`);
  }
  return n;
}

/** An https URL without query or fragment, as the profile requires of issuers (`iss`). */
export function httpsUrl(name: string, value: string): string {
  if (!/^https:\/\/[^\s/?#]+(\/[^\s?#]*)?$/.test(value) || value.endsWith('/'))
    throw new UsageError(`--${name} ${value} must be an https URL without a trailing slash`);
  return value;
}

/**
 * Whether a data directory may hold a deployment: with SQLite its `server.db`; with PostgreSQL
 * (whose tables are elsewhere) the directory itself, which holds the keys.
 */
export function hasServerData(dataDir: string, database: string | null): boolean {
  return existsSync(database === null ? join(resolve(dataDir), 'server.db') : resolve(dataDir));
}
