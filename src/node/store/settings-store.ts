import type { TerminalSettings } from '../../contract/terminal-api';
import type { Db } from './database';

/** What staff set on this terminal (defaults derive from the venue and are never stored). */
export type StaffSettings = Omit<TerminalSettings, 'pinSet'>;

/** Every setting the terminal keeps, by key, with its type. */
export interface SettingValues {
  /** Only the staff settings someone changed: a default (say, self-service from the venue's role) stays live. */
  readonly terminal: Partial<StaffSettings>;
  /** Where the redemption and staff-call feeds go on from at the next sync. */
  readonly redemptions_cursor: string;
  readonly staff_calls_cursor: string;
}

export type SettingKey = keyof SettingValues;

/**
 * The terminal's settings as a typed key map: each key has one type, and a value is written only
 * when it changed. The staff settings (`terminal`) are announced, change by change, by their one
 * writer (TerminalSettingsStore in the service).
 */
export class SettingsStore {
  private readonly getStmt;
  private readonly setStmt;

  constructor(db: Db) {
    this.getStmt = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?');
    this.setStmt = db.prepare(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    );
  }

  get<K extends SettingKey>(key: K): SettingValues[K] | undefined {
    const row = this.getStmt.get(key);
    return row ? (JSON.parse(row.value) as SettingValues[K]) : undefined;
  }

  set<K extends SettingKey>(key: K, value: SettingValues[K]): void {
    const text = JSON.stringify(value);
    if (this.getStmt.get(key)?.value === text) return;
    this.setStmt.run(key, text);
  }
}
