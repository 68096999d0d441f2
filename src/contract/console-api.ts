/**
 * The council console's JSON API (issue 13), served by the reference server under
 * `/console/api/` and used by the console page (`src/console/`). One place for the shapes both
 * sides use; the server validates every body it is given.
 *
 * Conventions: every answer is JSON; errors are `{ error: ConsoleErrorCode, message }` with the
 * HTTP status below. Every request but `POST /console/api/session` needs the session cookie; every
 * change (POST, PUT, DELETE) also needs the `X-CSRF-Token` header with the session's token.
 * Times are Unix seconds.
 */

export const CONSOLE_ROLES = ['council_admin', 'venue_manager', 'auditor'] as const;
export type ConsoleRole = (typeof CONSOLE_ROLES)[number];

export const CONSOLE_ERRORS = [
  /** 400: a body or query the server cannot take (`field` says which). */
  'invalid',
  /** 401: no session, an expired one, or a sign-in that failed (wrong email or password, or locked: one answer for all). */
  'unauthenticated',
  'sign_in_failed',
  /** 403: outside the role, or a change without a valid CSRF token. */
  'forbidden',
  'csrf',
  /** 404 */
  'not_found',
  /** 409: the change conflicts (a venue id taken, a device already revoked). */
  'conflict',
  /** 500 */
  'internal',
] as const;
export type ConsoleErrorCode = (typeof CONSOLE_ERRORS)[number];

export interface ConsoleError {
  readonly error: ConsoleErrorCode;
  readonly message: string;
  readonly field?: string;
}

/** POST /console/api/session `{ email, password }` -> 200 `SessionInfo` (sets the cookie); 401 `sign_in_failed`. */
export interface SignIn {
  readonly email: string;
  readonly password: string;
}

/** GET /console/api/session -> 200 (401 without one). DELETE /console/api/session -> 204 (sign out). */
export interface SessionInfo {
  readonly email: string;
  readonly role: ConsoleRole;
  /** A venue manager's venue; null for the others. */
  readonly venueId: string | null;
  /** Sent back in `X-CSRF-Token` with every change. */
  readonly csrf: string;
  /** When the session ends at the latest (absolute limit), and after how long idle. */
  readonly expiresAt: number;
  readonly idleSeconds: number;
  /** A demo deployment (demo cards may be issued): the page offers "Issue a demo card" only then. */
  readonly demo: boolean;
}

/**
 * What a terminal reports with each sync (`health` in POST /v1/events, optional, issue 13):
 * the console's view of its terminals. No personal data.
 */
export interface TerminalHealth {
  readonly appVersion: string;
  readonly trustListSeq: number | null;
  /** Seconds since each status list was issued (by its URI). */
  readonly statusListAges: readonly { readonly uri: string; readonly ageSeconds: number }[];
  readonly queueDepth: number;
  /** The terminal's system clock minus the server's, in seconds, at the sync. */
  readonly clockSkew: number | null;
}

/**
 * A terminal in the console: GET /console/api/terminals[?venue=ID] (a venue manager sees their
 * venue's; asking for another venue is 403).
 */
export interface ConsoleTerminal {
  readonly id: string;
  readonly label: string;
  readonly venueId: string;
  readonly enrolledAt: number;
  readonly revokedAt: number | null;
  readonly lastSyncAt: number | null;
  /** online: synced within 15 minutes; offline: longer ago; never: never synced; revoked. */
  readonly state: 'online' | 'offline' | 'never' | 'revoked';
  readonly health: TerminalHealth | null;
  /** Derived from health, for the lists the Overview links to. */
  readonly staleTrust: boolean;
  readonly staleStatus: boolean;
  readonly clockSuspect: boolean;
  readonly backlog: boolean;
}

/** GET /console/api/overview */
export interface ConsoleOverview {
  readonly terminals: {
    readonly online: number;
    readonly offline: number;
    readonly never: number;
    readonly revoked: number;
  };
  readonly staleTrust: number;
  readonly staleStatus: number;
  readonly clockSuspect: number;
  readonly backlog: number;
  readonly revocationsToday: number;
}

/**
 * POST /console/api/terminals/:id/revoke `{ reason }` (council admin; a venue manager for their
 * venue's): the terminal is withdrawn and wipes itself at its next sync. 409 when already revoked.
 */
export interface RevokeTerminal {
  readonly reason: string;
}

/** POST /console/api/enrolment-codes `{ venueId, hours? }` -> a one-time code, as text and as a QR code (SVG). */
export interface EnrolmentCodeRequest {
  readonly venueId: string;
  readonly hours?: number;
}
export interface EnrolmentCode {
  readonly code: string;
  readonly venueId: string;
  readonly expiresAt: number;
  /** An SVG QR code of the code (no external resources). */
  readonly qrSvg: string;
}

/**
 * GET /console/api/venues -> ConsoleVenue[]; POST /console/api/venues `{ config }` (council admin)
 * creates one; PUT /console/api/venues/:id `{ config }` replaces its configuration (council admin;
 * a venue manager may change only `offers` of their own). The configuration is the document
 * terminals get at GET /v1/config (src/core/venue-config.ts checks it); secrets (the LMS
 * password) are write-only: never answered.
 */
export interface ConsoleVenue {
  readonly id: string;
  readonly config: Record<string, unknown>;
}
export interface VenueChange {
  readonly config: Record<string, unknown>;
}

/** GET /console/api/cards?id=... or ?libraryNumber=... (council admin, auditor) -> ConsoleCard, 404 when none. */
export interface ConsoleCard {
  readonly id: string;
  readonly status: 'valid' | 'revoked' | 'suspended';
  readonly services: readonly string[];
  readonly statusIndex: number;
}
/**
 * POST /console/api/cards/:id/status `{ status, reason }` (council admin): publishes the new status
 * list at once. POST /console/api/cards/demo `{ services }` issues a demo card, in a demo
 * deployment only (404 elsewhere) -> `{ id, token }`.
 */
export interface CardStatusChange {
  readonly status: 'valid' | 'revoked' | 'suspended';
  readonly reason: string;
}

/** GET /console/api/calls[?venue=ID&limit=N] -> newest first (limit 1-1000, default 200). */
export interface ConsoleCall {
  readonly id: string;
  readonly venueId: string;
  readonly from: string;
  readonly at: number;
}

/** GET /console/api/keys (council admin, auditor); POST /console/api/keys/rotate (council admin). */
export interface ConsoleKeys {
  readonly issuerKeys: readonly {
    readonly kid: string;
    readonly alg: string;
    readonly notBefore: number;
    readonly notAfter: number | null;
    readonly current: boolean;
  }[];
  readonly trustList: { readonly seq: number; readonly issuedAt: number; readonly expiresAt: number } | null;
  readonly anchorThumbprint: string;
}

/**
 * GET /console/api/usage?from=&to=[&venue=ID] (days as YYYY-MM-DD in Europe/London, default the
 * last 30, at most 400; a venue manager's own venue only). Each
 * table is also CSV at GET /console/api/usage/:table.csv. Cards are counted by keyed reference,
 * never by identity.
 */
export interface ConsoleUsage {
  readonly scansPerDay: readonly {
    readonly day: string;
    readonly venueId: string;
    readonly service: string | null;
    readonly outcome: string;
    readonly count: number;
  }[];
  readonly redemptionsPerWeek: readonly { readonly week: string; readonly venueId: string; readonly count: number }[];
  readonly cardsPerMonth: readonly {
    readonly month: string;
    readonly venueId: string;
    readonly distinctCards: number;
  }[];
  /**
   * Redemptions of one card and offer decided on two tills at once (both offline, or before either
   * had the other's), per venue per ISO week of the later one: the offer's limit was given twice.
   */
  readonly overlapsPerWeek: readonly { readonly week: string; readonly venueId: string; readonly count: number }[];
}
export const USAGE_TABLES = ['scans-per-day', 'redemptions-per-week', 'cards-per-month', 'overlaps-per-week'] as const;

/**
 * GET /console/api/audit[?limit=N&before=ID] (council admin, auditor) -> newest first (limit
 * 1-1000, default 200; `before`: the last id of a page, for the next). Append only.
 */
export interface ConsoleAuditEntry {
  readonly id: number;
  readonly at: number;
  /** The user's email, or `cli` for `civicpass admin`. */
  readonly actor: string;
  readonly action: string;
  readonly target: string | null;
  readonly before: unknown;
  readonly after: unknown;
}
