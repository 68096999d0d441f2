/**
 * An error as a log keeps it: its stack (or message), and each cause it was made from, so that
 * "the database is full" under "the migration failed" is not lost. Bounded, for a cycle of causes.
 */
export function errorDetail(e: unknown): string {
  const parts: string[] = [];
  for (let at = e, depth = 0; at !== undefined && at !== null && depth < 5; depth++) {
    parts.push(describe(at));
    at = at instanceof Error ? at.cause : undefined;
  }
  return parts.join('\ncaused by: ');
}

function describe(value: unknown): string {
  if (value instanceof Error) return value.stack ?? value.message;
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? typeof value;
  } catch {
    return typeof value;
  }
}
