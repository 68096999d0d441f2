import type { Db } from './database';

/** JSON settings by key, plus installation metadata (the card reference key). */
export class SettingsStore {
  private readonly getStmt;
  private readonly setStmt;
  private readonly getMeta;
  private readonly setMeta;
  private readonly audit;

  constructor(db: Db) {
    this.getStmt = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?');
    this.setStmt = db.prepare(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    );
    this.getMeta = db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?');
    this.setMeta = db.prepare(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    );
    this.audit = db.prepare('INSERT INTO audit_log (at, action, detail) VALUES (?, ?, ?)');
  }

  get<T>(key: string): T | undefined {
    const row = this.getStmt.get(key);
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  set(key: string, value: unknown): void {
    this.setStmt.run(key, JSON.stringify(value));
  }

  /** Records a staff action in the audit log (no personal data, no PIN). */
  logAction(at: number, action: string, detail: unknown): void {
    this.audit.run(at, action, JSON.stringify(detail));
  }

  meta(key: string): string | undefined {
    return this.getMeta.get(key)?.value;
  }

  setMetaValue(key: string, value: string): void {
    this.setMeta.run(key, value);
  }
}
