/**
 * What a schema migration is, and the check that the list of them can be trusted. The runner
 * (`migrate` in ../database.ts) applies every migration whose `version` is above the database's
 * `user_version`, in order, and records each version it reaches; that is only sound when the
 * versions are exactly 1..N, so a list with a gap, a repeat or a wrong order is refused outright
 * rather than half applied.
 */
import type { Database } from 'better-sqlite3';

export interface Migration {
  /** 1 for the first; each new migration takes the next number (its file is named after it). */
  readonly version: number;
  readonly name: string;
  up(db: Database): void;
}

/** The list of migrations is wrong: a fault in the software, never in the database file. */
export class MigrationListError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      `the list of database migrations (src/node/store/migrations/index.ts) is broken: ${problems.join('; ')}. ` +
        'Versions must run 1, 2, 3, ... in list order, each once.',
    );
    this.name = 'MigrationListError';
  }
}

/** "4" or "4-6": the missing versions, as a range so that a typo like 500 gives one line. */
function span(from: number, to: number): string {
  return from === to ? `version ${from} is missing` : `versions ${from}-${to} are missing`;
}

/**
 * Returns the list unchanged when its versions are 1..N in order without gaps or repeats, and
 * throws a `MigrationListError` naming every problem otherwise.
 */
export function checkMigrations<T extends readonly Migration[]>(list: T): T {
  const problems: string[] = [];
  const names = new Map<number, string>();
  for (const m of list) {
    if (!Number.isSafeInteger(m.version) || m.version < 1) {
      problems.push(`"${m.name}" has version ${String(m.version)}, not a whole number from 1`);
      continue;
    }
    const earlier = names.get(m.version);
    if (earlier === undefined) names.set(m.version, m.name);
    else problems.push(`version ${m.version} is used twice ("${earlier}" and "${m.name}")`);
  }
  const versions = [...names.keys()].sort((a, b) => a - b);
  let expected = 1;
  for (const v of versions) {
    if (v > expected) problems.push(span(expected, v - 1));
    expected = v + 1;
  }
  // Order only means something once the set is right; otherwise the problems above say more.
  if (problems.length === 0) {
    list.forEach((m, i) => {
      if (m.version !== i + 1) problems.push(`version ${m.version} ("${m.name}") is listed in place ${i + 1}`);
    });
  }
  if (problems.length > 0) throw new MigrationListError(problems);
  return list;
}
