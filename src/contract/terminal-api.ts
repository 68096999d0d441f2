/**
 * The TerminalApi: the one contract between the terminal service and any user interface. Both
 * hosts (Electron's preload bridge, the browser host) serve exactly this, and validate every
 * argument against `ARGUMENT_SCHEMAS` before it reaches the service.
 */
import type { VisibleCard } from '../core/card-view';
import type { BorrowedItem, LibraryAccount, LibraryLinkStatus, LibrarySession, LoanView } from './library-api';
import type { Outcome, Reason, Warning } from '../core/reasons';
import type { ScanSource } from '../core/sync-protocol';
import type { Role } from '../core/venue-config';
import type { LimitPeriod } from '../core/venue-policy';
export type * from './library-api';
export * from './problem-codes';
import type { SyncProblem } from './problem-codes';
import { bool, empty, int, nullable, num, object, oneOf, str, type ApiErrorCode, type Schema } from './validate';

/** What one scan came to, as the Result screen shows it. */
export interface ScanResult {
  readonly eventId: string;
  readonly at: number;
  readonly source: ScanSource;
  readonly outcome: Outcome;
  readonly reason: Reason;
  readonly warnings: readonly Warning[];
  readonly card: VisibleCard | null;
  readonly service: string | null;
  readonly offer: ResultOffer | null;
  /** For already_used: the time of the earlier use. */
  readonly lastUsedAt: number | null;
  /** For not_yet_valid: when the card becomes valid. */
  readonly validFrom: number | null;
  /** True when this scan redeemed an offer that staff may undo. */
  readonly undoable: boolean;
  /**
   * True when this is an earlier result shown again: the same code was read again within the
   * venue's repeat window, and nothing was logged or redeemed for this read.
   */
  readonly repeat: boolean;
  /** A number typed by staff, masked but for its last 4 characters, so they see what was checked. */
  readonly entered: string | null;
  /**
   * The library system is being asked about this patron's account: a `library-account` event
   * with this result's eventId follows (the screen keeps the result up until it arrives).
   */
  readonly libraryLookup: boolean;
  readonly latencyMs: number;
}

/** The offer a result is about, with its limit so the screen can word "once a day". */
export interface ResultOffer {
  readonly id: string;
  readonly title: string;
  readonly limit: { readonly count: number; readonly per: LimitPeriod } | null;
}

/** Every read gets a result (a repeat read gets the earlier one again, marked `repeat`). */
export interface SubmitResult {
  readonly status: 'handled';
  readonly result: ScanResult;
}

export interface DeviceState {
  readonly id: string;
  readonly kind: 'hid-pos' | 'keyboard' | 'nfc';
  readonly name: string;
  readonly state: 'connected' | 'disconnected' | 'error';
  readonly detail: string | null;
}

export interface DataAges {
  readonly trustListSeq: number | null;
  readonly trustListIssuedAt: number | null;
  readonly trustListFreshness: 'fresh' | 'stale' | 'unusable' | 'missing';
  readonly statusLists: readonly {
    readonly uri: string;
    readonly issuedAt: number;
    readonly freshness: 'fresh' | 'stale' | 'unusable';
  }[];
}

export interface SyncState {
  readonly enrolled: boolean;
  readonly online: 'online' | 'offline' | 'unknown';
  readonly lastSuccessAt: number | null;
  readonly nextAttemptAt: number | null;
  readonly problem: SyncProblem | null;
  readonly queueDepth: number;
  readonly oldestQueuedAt: number | null;
  /** Events the server refused for good: kept on the terminal for inspection, never blocking the rest. */
  readonly setAside: number;
  readonly revoked: boolean;
}

export interface TerminalStatus {
  readonly venue: {
    readonly id: string;
    readonly name: string;
    readonly role: Role;
    readonly services: readonly string[];
    readonly offers: readonly { readonly id: string; readonly service: string; readonly title: string }[];
    /** The languages residents may choose at a self-service kiosk. */
    readonly languages: readonly string[];
  };
  readonly checking: {
    readonly service: string | null;
    readonly offer: { readonly id: string; readonly title: string } | null;
  };
  readonly usable: boolean;
  /** The disk is full: scans are refused rather than answered without being recorded. */
  readonly storage: 'ok' | 'full';
  /** Scans logged today (the venue's calendar day), repeats not counted. */
  readonly scansToday: number;
  /** An NFC reader is set up (prefix or serial port): the screens then say "Scan or tap". */
  readonly nfcConfigured: boolean;
  /** Why the terminal cannot verify at all (the renderer words it in the screen's language). */
  readonly unusableReason: 'withdrawn' | 'no_trust_list' | 'trust_list_too_old' | null;
  readonly data: DataAges;
  readonly clock: {
    readonly system: number;
    readonly trusted: number;
    readonly suspect: boolean;
    /** The trusted time is ahead of this computer's clock: staff may reset it (PIN). */
    readonly behind: boolean;
    /** The sync server's clock minus this one, at the last answer. */
    readonly serverSkew: number | null;
  };
  readonly sync: SyncState;
  readonly devices: readonly DeviceState[];
  /** The library system link, when the venue has one. */
  readonly library: LibraryLinkStatus;
  readonly staffUnlocked: boolean;
  /** Help called from the venue's self-service kiosks in the last 15 minutes (staff screens only). */
  readonly staffCalls: readonly StaffCall[];
}

/** A resident pressed "Call staff" on a kiosk of this venue. No personal data. */
export interface StaffCall {
  readonly id: string;
  readonly at: number;
  /** The kiosk's label, as enrolled ("Kiosk by the entrance"). */
  readonly from: string;
}

export interface ScanHistoryEntry {
  readonly id: string;
  readonly at: number;
  readonly outcome: Outcome;
  readonly reason: Reason;
  readonly service: string | null;
  readonly offer: string | null;
  readonly source: string;
}

export interface TerminalSettings {
  readonly service: string | null;
  readonly offerId: string | null;
  readonly language: string;
  readonly selfService: boolean;
  readonly autoReturnValidMs: number;
  readonly autoReturnOtherMs: number;
  readonly nfcPrefix: string;
  readonly nfcSuffix: string;
  /** Once a keyboard-wedge burst is known to be a scanner, pauses shorter than this continue it. */
  readonly wedgeScanGapMs: number;
  readonly cameraDeviceId: string | null;
  /** Loudness of the result sounds, 0 (silent) to 100. */
  readonly volume: number;
  /** A serial NFC reader (VTAP100 and alike): its port, or null for none, and its speed. */
  readonly nfcSerialPath: string | null;
  readonly nfcSerialBaud: number;
  /** What the reader puts before an Apple and a Google pass (VTAP's `$t`: `A`, `G`). */
  readonly nfcSerialApplePrefix: string;
  readonly nfcSerialGooglePrefix: string;
  /** What ends each pass the reader sends (CR and LF are always accepted as well). */
  readonly nfcSerialLineEnding: 'crlf' | 'lf' | 'cr' | 'etx';
  /** Staleness overrides (null: the venue's policy): how old card data may get before it is unusable. */
  readonly statusHardLimitHours: number | null;
  readonly trustHardLimitDays: number | null;
  readonly pinSet: boolean;
}

export type UnlockResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'wrong_pin'; readonly remainingAttempts: number }
  | { readonly ok: false; readonly reason: 'locked'; readonly lockedUntil: number }
  | { readonly ok: false; readonly reason: 'no_pin' };

export type TerminalApiEvent =
  | { readonly type: 'scan'; readonly result: ScanResult }
  /** A scanner stopped in the middle of a code: nothing was checked, the code must be scanned again. */
  | { readonly type: 'scan-incomplete'; readonly source: ScanSource }
  /** A scanner's read the terminal refused (withdrawn, storage full...): it has no caller to answer. */
  | { readonly type: 'scan-refused'; readonly source: ScanSource; readonly code: ApiErrorCode }
  | { readonly type: 'staff-call'; readonly call: StaffCall }
  /** The library system's answer for the scan `eventId` (see ScanResult.libraryLookup). */
  | { readonly type: 'library-account'; readonly eventId: string; readonly account: LibraryAccount }
  /** The self-service borrowing session began, changed or ended (null). */
  | { readonly type: 'library-session'; readonly session: LibrarySession | null }
  | { readonly type: 'devices'; readonly devices: readonly DeviceState[] }
  | { readonly type: 'sync'; readonly sync: SyncState }
  | { readonly type: 'status'; readonly status: TerminalStatus };

const SOURCES_FROM_UI = ['keyboard', 'camera', 'manual'] as const;
const settingsPatch = object(
  {},
  {
    service: nullable(str({ max: 32, pattern: /^[a-z0-9-]{1,32}$/ })),
    offerId: nullable(str({ max: 32, pattern: /^[a-z0-9-]{1,32}$/ })),
    language: str({ min: 2, max: 16, pattern: /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/ }),
    selfService: bool,
    autoReturnValidMs: int(1000, 120_000),
    autoReturnOtherMs: int(1000, 120_000),
    nfcPrefix: str({ max: 16 }),
    nfcSuffix: str({ max: 16 }),
    wedgeScanGapMs: int(50, 1000),
    cameraDeviceId: nullable(str({ max: 256 })),
    volume: int(0, 100),
    // A serial device, never an arbitrary file: /dev/tty*, a stable /dev/serial/by-* link, a
    // pseudo-terminal (/dev/pts/N, for virtual serial set-ups), or COMn on Windows.
    nfcSerialPath: nullable(
      str({
        min: 1,
        max: 256,
        pattern:
          /^(\/dev\/tty[A-Za-z0-9]+|\/dev\/pts\/[0-9]+|\/dev\/serial\/by-(id|path)\/[A-Za-z0-9._:+-]+|COM[0-9]{1,3})$/,
      }),
    ),
    nfcSerialBaud: int(1200, 921_600),
    nfcSerialApplePrefix: str({ max: 8, pattern: /^[\x21-\x7e]*$/ }),
    nfcSerialGooglePrefix: str({ max: 8, pattern: /^[\x21-\x7e]*$/ }),
    nfcSerialLineEnding: oneOf(['crlf', 'lf', 'cr', 'etx'] as const),
    statusHardLimitHours: nullable(int(1, 720)),
    trustHardLimitDays: nullable(int(1, 60)),
  },
);

/** Argument schemas, one per operation: hosts validate with these before calling the service. */
export const ARGUMENT_SCHEMAS = {
  getStatus: empty,
  recentScans: object(
    {},
    {
      since: num(0, 1e11),
      limit: int(1, 5000),
      outcome: oneOf(['valid', 'limited', 'invalid', 'unverifiable'] as const),
    },
  ),
  submitScan: object({ text: str({ max: 8192 }), source: oneOf(SOURCES_FROM_UI) }),
  submitManualEntry: object({ libraryNumber: str({ min: 1, max: 20, pattern: /^[A-Za-z0-9-]+$/ }) }),
  getSettings: empty,
  updateSettings: settingsPatch,
  unlock: object({ pin: str({ max: 64 }) }),
  lock: empty,
  setPin: object({ next: str({ min: 4, max: 12, pattern: /^[0-9]+$/ }) }, { current: str({ max: 64 }) }),
  undoRedemption: object({ eventId: str({ min: 36, max: 36, pattern: /^[0-9a-f-]{36}$/ }) }),
  listDevices: empty,
  syncNow: empty,
  callStaff: empty,
  resetTrustedClock: empty,
  setLibraryPassword: object({ password: str({ min: 1, max: 128 }) }),
  // Whatever a scanner read: a code that cannot be an item label (a card's token, say) is answered
  // as an unknown item, in the resident's words, not refused as an argument.
  borrowItem: object({ itemId: str({ min: 1, max: 8192 }) }),
  myLoans: empty,
  renewAll: empty,
  endLibrarySession: empty,
  getLibrarySession: empty,
  enrol: object({
    serverUrl: str({ max: 256, pattern: /^https?:\/\/[^\s]+$/ }),
    code: str({ min: 6, max: 64 }),
    label: str({ min: 1, max: 80 }),
  }),
} satisfies Record<string, Schema<unknown>>;

export type OperationName = keyof typeof ARGUMENT_SCHEMAS;
export type ArgumentsOf<K extends OperationName> = ReturnType<(typeof ARGUMENT_SCHEMAS)[K]>;
export type SettingsPatch = ArgumentsOf<'updateSettings'>;

export interface TerminalApi {
  getStatus(): Promise<TerminalStatus>;
  recentScans(query: ArgumentsOf<'recentScans'>): Promise<ScanHistoryEntry[]>;
  submitScan(input: ArgumentsOf<'submitScan'>): Promise<SubmitResult>;
  submitManualEntry(input: ArgumentsOf<'submitManualEntry'>): Promise<SubmitResult>;
  getSettings(): Promise<TerminalSettings>;
  /** Requires the staff PIN (unlock) first. */
  updateSettings(patch: SettingsPatch): Promise<TerminalSettings>;
  unlock(input: ArgumentsOf<'unlock'>): Promise<UnlockResult>;
  lock(): Promise<void>;
  /** Sets the staff PIN: the first time freely, afterwards only with the current PIN. */
  setPin(input: ArgumentsOf<'setPin'>): Promise<void>;
  /** Requires the staff PIN. */
  undoRedemption(input: ArgumentsOf<'undoRedemption'>): Promise<{ undone: boolean }>;
  listDevices(): Promise<DeviceState[]>;
  /** Requires the staff PIN. */
  syncNow(): Promise<SyncState>;
  /**
   * A resident asks for help at a self-service kiosk: logged without personal data and sent to
   * the venue's other terminals at their next sync. A second press within a minute makes no new
   * call. No PIN: it is the resident's button.
   */
  callStaff(): Promise<{ readonly calledAt: number }>;
  /**
   * Requires the staff PIN. Sets a trusted time that ran ahead back to this computer's clock
   * (staff vouch for it); audited. Signed material may move it forward again.
   */
  resetTrustedClock(): Promise<{ readonly from: number; readonly to: number }>;
  /** Requires the staff PIN. The library system's SIP2 password, sealed with the terminal's keys; audited. */
  setLibraryPassword(input: ArgumentsOf<'setLibraryPassword'>): Promise<void>;
  /**
   * Self-service borrowing (no PIN: the resident's session, opened by their valid card): lends
   * one item. Refused with `no_session` when no session is open.
   */
  borrowItem(input: ArgumentsOf<'borrowItem'>): Promise<LibrarySession>;
  /** The session's patron's loans, with due dates. */
  myLoans(): Promise<{ readonly loans: readonly LoanView[] }>;
  /** Renews every loan of the session's patron that the library system allows. */
  renewAll(): Promise<{ readonly renewed: readonly LoanView[]; readonly refused: readonly LoanView[] }>;
  /**
   * Ends the borrowing session (Finish, or the kiosk timed out), once the checkouts under way have
   * answered: what was lent and refused, for the summary. Nothing of the session remains.
   */
  endLibrarySession(): Promise<{ readonly items: readonly BorrowedItem[] }>;
  /** The borrowing session open now, if any (a page that reloaded or reconnected asks). */
  getLibrarySession(): Promise<LibrarySession | null>;
  /** Requires the staff PIN. Enrols with a one-time code, then syncs. */
  enrol(input: ArgumentsOf<'enrol'>): Promise<SyncState>;
  subscribe(listener: (event: TerminalApiEvent) => void): () => void;
}

/** Validates the argument of an operation; throws ApiError('invalid_argument'). */
export function validateArgument<K extends OperationName>(operation: K, value: unknown): ArgumentsOf<K> {
  return ARGUMENT_SCHEMAS[operation](value, operation) as ArgumentsOf<K>;
}

export function isOperationName(v: unknown): v is OperationName {
  return typeof v === 'string' && Object.hasOwn(ARGUMENT_SCHEMAS, v);
}
