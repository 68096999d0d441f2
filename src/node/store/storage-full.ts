/**
 * The disk (or the volume the data directory is on) is full: SQLite answers SQLITE_FULL, the
 * file system ENOSPC or EDQUOT. Nothing was stored; the caller must say so, never "accepted".
 */
export function isStorageFull(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT';
}
