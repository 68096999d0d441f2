import type { EnrolProblem, StartupProblem } from '../contract/terminal-api';
import { SecretVaultError } from '../node/secrets/secret-vault';
import { DatabaseOpenError } from '../node/store/database';
import { isStorageFull } from '../node/store/storage-full';
import { EnrolmentError } from '../node/sync/enrol';
import { SyncHttpError, SyncNetworkError } from '../node/sync/sync-http';

/** File-system answers that mean the folder cannot be used, not that anything is damaged. */
const UNUSABLE_FOLDER = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EISDIR', 'EEXIST', 'ENOENT', 'EIO']);

/** The error and the errors it was made from, outermost first. */
function chain(e: unknown): unknown[] {
  const out: unknown[] = [];
  for (let at = e; at !== undefined && at !== null && out.length < 8; at = (at as { cause?: unknown }).cause)
    out.push(at);
  return out;
}

/** Why the terminal could not start, as the code its out-of-order screen words. */
export function startupProblemOf(e: unknown): StartupProblem {
  const causes = chain(e);
  if (causes.some(isStorageFull)) return 'storage_full';
  if (e instanceof SecretVaultError) return 'keys_unavailable';
  if (e instanceof DatabaseOpenError) {
    if (e.code === 'corrupt') return 'database_damaged';
    if (e.code === 'newer_schema') return 'database_newer';
    if (e.code === 'migration_failed') return 'database_update_failed';
    return 'data_unreadable';
  }
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && UNUSABLE_FOLDER.has(code)) return 'data_unreadable';
  return 'failed';
}

/** Why an enrolment failed, as the code the Admin screen words. */
export function enrolProblemOf(e: unknown): EnrolProblem {
  if (e instanceof EnrolmentError) return e.kind;
  if (e instanceof SyncNetworkError) return 'unreachable';
  if (e instanceof SyncHttpError) return e.retryable ? 'server_error' : 'refused';
  return 'failed';
}
