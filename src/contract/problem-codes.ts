/**
 * The problem codes of the TerminalApi: why a sync, a start or an enrolment failed. The screens
 * word each from their catalogue; re-exported by terminal-api.ts.
 */

/**
 * What went wrong with the last sync, as a code the screens word for staff, and the technical
 * detail for support (never shown as the message itself).
 */
export const SYNC_PROBLEMS = [
  'unreachable',
  'server_error',
  'refused',
  'busy',
  'withdrawn',
  'not_enrolled',
  'trust_list_refused',
  'config_refused',
  'status_list_refused',
  'events_refused',
  'time_refused',
  'storage_full',
  'failed',
] as const;
export type SyncProblemCode = (typeof SYNC_PROBLEMS)[number];
export interface SyncProblem {
  readonly code: SyncProblemCode;
  readonly detail: string;
}

/**
 * Why the terminal could not start, the detail of `not_started` (every operation refuses with it
 * and the screens show an out-of-order page with words for it).
 */
export const STARTUP_PROBLEMS = [
  /** The database was damaged; it was moved aside and kept. */
  'database_damaged',
  /** The database was written by a newer version of the software. */
  'database_newer',
  /** An update of the database's layout could not run (it was rolled back). */
  'database_update_failed',
  /** The data folder or database cannot be opened or written (permissions, a missing disk). */
  'data_unreadable',
  'storage_full',
  /** The terminal's keys are sealed by a system key store that is not available. */
  'keys_unavailable',
  'failed',
] as const;
export type StartupProblem = (typeof STARTUP_PROBLEMS)[number];
export const isStartupProblem = (v: unknown): v is StartupProblem =>
  typeof v === 'string' && (STARTUP_PROBLEMS as readonly string[]).includes(v);

/** Why an enrolment failed, the detail of `enrolment_failed`. */
export const ENROL_PROBLEMS = [
  'already_enrolled',
  /** The server address is not an https URL (plain http only on this machine). */
  'not_https',
  /** The server's trust anchor is not the one this terminal was set up with. */
  'anchor_mismatch',
  /** The server answered, but not as the sync API says. */
  'bad_answer',
  'unreachable',
  'server_error',
  /** The server refused the code (used, expired, unknown). */
  'refused',
  'failed',
] as const;
export type EnrolProblem = (typeof ENROL_PROBLEMS)[number];
export const isEnrolProblem = (v: unknown): v is EnrolProblem =>
  typeof v === 'string' && (ENROL_PROBLEMS as readonly string[]).includes(v);
