import type { SyncProblem } from '../contract/terminal-api';
import { DeviceRevokedError, NotEnrolledError, SyncBusyError, type SyncWarning } from '../node/sync/sync-client';
import { isStorageFull } from '../node/store/storage-full';
import { SyncHttpError, SyncNetworkError } from '../node/sync/sync-http';

/**
 * What a failed sync means for staff, as a code the screens word in their language; the error's
 * own message (a URL, an HTTP status) stays as the detail for support.
 */
export function syncProblemOf(e: unknown): SyncProblem {
  const detail = e instanceof Error ? e.message : String(e);
  if (e instanceof DeviceRevokedError) return { code: 'withdrawn', detail };
  if (isStorageFull(e)) return { code: 'storage_full', detail };
  if (e instanceof NotEnrolledError) return { code: 'not_enrolled', detail };
  if (e instanceof SyncBusyError) return { code: 'busy', detail };
  if (e instanceof SyncNetworkError) return { code: 'unreachable', detail };
  if (e instanceof SyncHttpError) return { code: e.retryable ? 'server_error' : 'refused', detail };
  return { code: 'failed', detail };
}

/** A sync that worked but refused a piece reports the first refusal. */
export function syncProblemOfWarnings(warnings: readonly SyncWarning[]): SyncProblem | null {
  const first = warnings[0];
  return first ? { code: first.code, detail: first.message } : null;
}
