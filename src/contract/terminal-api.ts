/**
 * The TerminalApi: the one contract between the terminal service and any user interface. Both
 * hosts (Electron's preload bridge, the browser host) serve exactly this, and validate every
 * argument against `ARGUMENT_SCHEMAS` before it reaches the service.
 */
import type { VisibleCard } from '../core/card-view';
import type { Outcome, Reason, Warning } from '../core/reasons';
import type { ScanSource } from '../core/sync-protocol';
import type { Role } from '../core/venue-config';
import { bool, empty, int, nullable, num, object, oneOf, str, type Schema } from './validate';

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
  readonly offer: { readonly id: string; readonly title: string } | null;
  /** For already_used: the time of the earlier use. */
  readonly lastUsedAt: number | null;
  /** For not_yet_valid: when the card becomes valid. */
  readonly validFrom: number | null;
  /** True when this scan redeemed an offer that staff may undo. */
  readonly undoable: boolean;
  readonly latencyMs: number;
}

export type SubmitResult =
  | { readonly status: 'handled'; readonly result: ScanResult }
  | { readonly status: 'ignored'; readonly reason: 'duplicate' | 'empty'; readonly message: string };

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
  readonly lastError: string | null;
  readonly queueDepth: number;
  readonly oldestQueuedAt: number | null;
  readonly revoked: boolean;
}

export interface TerminalStatus {
  readonly venue: {
    readonly id: string;
    readonly name: string;
    readonly role: Role;
    readonly services: readonly string[];
    readonly offers: readonly { readonly id: string; readonly service: string; readonly title: string }[];
  };
  readonly checking: {
    readonly service: string | null;
    readonly offer: { readonly id: string; readonly title: string } | null;
  };
  readonly usable: boolean;
  /** Why the terminal cannot verify at all (the renderer words it in the screen's language). */
  readonly unusableReason: 'withdrawn' | 'no_trust_list' | 'trust_list_too_old' | null;
  readonly data: DataAges;
  readonly clock: { readonly system: number; readonly trusted: number; readonly suspect: boolean };
  readonly sync: SyncState;
  readonly devices: readonly DeviceState[];
  readonly staffUnlocked: boolean;
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
  readonly cameraDeviceId: string | null;
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
  | { readonly type: 'scan-ignored'; readonly reason: 'duplicate'; readonly source: ScanSource }
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
    cameraDeviceId: nullable(str({ max: 256 })),
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
