import type { Outcome, Reason, Warning } from '../../core/reasons';
import type { LimitPeriod } from '../../core/venue-policy';
import type { DeviceState, EnrolProblem, StartupProblem, SyncProblemCode } from '../../contract/terminal-api';
import type { ApiErrorCode } from '../../contract/validate';
import type { LibraryWords } from './library-words';

/** Reason texts may use {date}, {time}, {when}, {service} and {limit}. */
export interface ReasonText {
  readonly words: string;
  readonly next: string;
}

/**
 * A message that depends on a number, one form per CLDR plural category the language uses
 * (English: one, other; Polish: one, few, many; Arabic: zero, one, two, few, many, other).
 * `{count}` is replaced by the number in the language's digits.
 */
export type Plural = { readonly other: string } & Partial<Record<'zero' | 'one' | 'two' | 'few' | 'many', string>>;

/** What a resident at a self-service kiosk is told: what happened and what to do, never staff advice. */
export interface ResidentWords {
  /** Any refusal of the terminal at a self-service kiosk: residents are sent to the desk. */
  readonly refused: string;
  /** The call for staff could not be sent to the venue's other terminals. */
  readonly callFailed: string;
  readonly headlines: Record<Outcome, string>;
  readonly reasons: Record<Reason, ReasonText>;
}

/** Every string the screens show, per language. Reason codes map to messages here only. */
export interface Catalogue {
  readonly lang: string;
  readonly dir: 'ltr' | 'rtl';
  /** The language's own name, for the language picker. */
  readonly name: string;
  readonly headlines: Record<Outcome, string>;
  readonly reasons: Record<Reason, ReasonText>;
  readonly warnings: Record<Warning, string>;
  readonly services: Record<string, string>;
  /** An offer's limit, e.g. "once a day", "3 times a week", for {limit} in already_used. */
  readonly offerLimit: Record<LimitPeriod, Plural>;
  readonly resident: ResidentWords;
  readonly syncProblems: Record<SyncProblemCode, string>;
  readonly deviceStates: Record<DeviceState['state'], string>;
  readonly connection: Record<'staleSecret' | 'noSecret' | 'lost', { readonly title: string; readonly body: string }>;
  readonly unusable: Record<'withdrawn' | 'no_trust_list' | 'trust_list_too_old', string>;
  /** Every refusal of the terminal service, for staff: the service's own English is never shown. */
  readonly errors: Record<ApiErrorCode, string>;
  /** The library system: the desk's account line, self-service borrowing, Status and Admin. */
  readonly library: LibraryWords;
  /** Why an enrolment failed (the detail of `enrolment_failed`). */
  readonly enrolProblems: Record<EnrolProblem, string>;
  /** The page of a terminal that could not start (`not_started`), in both hosts. */
  readonly startup: {
    readonly title: string;
    readonly body: string;
    readonly staffTitle: string;
    /** {code}: the problem's code, for IT support. */
    readonly reference: string;
    readonly problems: Record<StartupProblem, string>;
  };
  readonly ui: {
    readonly appName: string;
    readonly checking: string;
    readonly scanOrTap: string;
    readonly scanCard: string;
    readonly selfServiceInstruction: string;
    readonly selfServiceHint: string;
    readonly cameraOn: string;
    readonly cameraOff: string;
    readonly cameraDenied: string;
    readonly cameraMissing: string;
    readonly online: string;
    readonly offline: string;
    readonly syncUnknown: string;
    readonly dataAge: string;
    readonly queue: Plural;
    readonly queueLabel: string;
    readonly setAsideLabel: string;
    readonly setAside: Plural;
    readonly usbScanners: Plural;
    readonly noUsbScanners: string;
    readonly keyboardScannerSeen: string;
    readonly ready: string;
    readonly history: string;
    readonly status: string;
    readonly admin: string;
    readonly back: string;
    readonly done: string;
    readonly backInSeconds: string;
    readonly undoRedemption: string;
    readonly redemptionUndone: string;
    readonly hearAgain: string;
    readonly validUntil: string;
    readonly libraryNumber: string;
    readonly member: string;
    readonly manualEntry: string;
    readonly manualEntryLabel: string;
    readonly check: string;
    readonly incompleteScan: string;
    /** {field}: the setting's label. */
    readonly valueRefused: string;
    readonly repeatNotice: string;
    readonly recalledNotice: string;
    readonly lastResult: string;
    readonly enteredNumber: string;
    readonly scansTodayCount: Plural;
    readonly cancel: string;
    readonly pinForUndo: string;
    readonly pinForSync: string;
    readonly detailForSupport: string;
    readonly syncedAt: string;
    readonly aimHint: string;
    readonly holdStill: string;
    readonly torchOn: string;
    readonly torchOff: string;
    readonly callStaff: string;
    readonly staffCalled: string;
    readonly staffCallFrom: string;
    readonly dismiss: string;
    readonly soundTitle: string;
    readonly volume: string;
    readonly testSound: string;
    readonly noVoice: string;
    readonly wedgeScanGap: string;
    readonly nfcSerialPort: string;
    readonly nfcSerialBaud: string;
    readonly nfcSerialApplePrefix: string;
    readonly nfcSerialGooglePrefix: string;
    readonly nfcSerialLineEnding: string;
    readonly time: string;
    readonly outcome: string;
    readonly reason: string;
    readonly service: string;
    readonly all: string;
    readonly scansToday: string;
    readonly scansPerHour: string;
    readonly noScans: string;
    readonly trustList: string;
    readonly statusLists: string;
    readonly lastSync: string;
    readonly nextSync: string;
    readonly never: string;
    readonly syncNow: string;
    readonly clock: string;
    readonly clockOk: string;
    readonly clockSuspect: string;
    readonly clockBehind: string;
    readonly clockServerSkew: string;
    readonly resetTrustedClock: string;
    readonly pinForClock: string;
    readonly devices: string;
    readonly fresh: string;
    readonly stale: string;
    readonly unusable: string;
    readonly missing: string;
    readonly pinTitle: string;
    readonly pinLabel: string;
    readonly unlock: string;
    readonly lock: string;
    readonly wrongPin: Plural;
    readonly lockedUntil: string;
    readonly noPinSet: string;
    readonly setPin: string;
    readonly newPin: string;
    readonly enrolment: string;
    readonly serverUrl: string;
    readonly enrolmentCode: string;
    readonly enrol: string;
    readonly enrolled: string;
    readonly whatToCheck: string;
    readonly offer: string;
    readonly noOffer: string;
    readonly save: string;
    readonly saved: string;
    readonly scannerSetup: string;
    readonly wedgeTest: string;
    readonly wedgeTestHelp: string;
    readonly nfcPrefix: string;
    readonly nfcSuffix: string;
    readonly camera: string;
    readonly defaultCamera: string;
    readonly language: string;
    readonly selfServiceMode: string;
    readonly autoReturnValid: string;
    readonly autoReturnOther: string;
    readonly outOfOrderTitle: string;
    readonly outOfOrderBody: string;
    readonly staffOnly: string;
    readonly warningTitle: string;
    readonly ago: string;
    readonly today: string;
    readonly holder: string;
    readonly expiry: string;
    readonly exitKiosk: string;
    readonly stalenessTitle: string;
    readonly statusHardLimit: string;
    readonly trustHardLimit: string;
    readonly overridesLogged: string;
  };
}

const numberFormats = new Map<string, Intl.NumberFormat>();

/** A number in the language's own digits (Bengali ১২৩, not 123). */
export function formatNumber(lang: string, n: number): string {
  let f = numberFormats.get(lang);
  if (!f) {
    f = new Intl.NumberFormat(lang);
    numberFormats.set(lang, f);
  }
  return f.format(n);
}

/** Replaces {name} placeholders; numbers are written in `lang`'s digits when it is given. */
export function fill(template: string, values: Readonly<Record<string, string | number>>, lang?: string): string {
  return template.replace(/\{(\w+)\}/g, (all, key: string) => {
    if (!(key in values)) return all;
    const v = values[key]!;
    return typeof v === 'number' && lang !== undefined ? formatNumber(lang, v) : String(v);
  });
}

const pluralRules = new Map<string, Intl.PluralRules>();

/** The plural form for `count` in `lang`, with {count} (in the language's digits) and `values` filled in. */
export function plural(
  lang: string,
  forms: Plural,
  count: number,
  values: Readonly<Record<string, string | number>> = {},
): string {
  let rules = pluralRules.get(lang);
  if (!rules) {
    rules = new Intl.PluralRules(lang);
    pluralRules.set(lang, rules);
  }
  const category = rules.select(count);
  const form = (category === 'other' ? undefined : forms[category]) ?? forms.other;
  return fill(form, { ...values, count: formatNumber(lang, count) });
}
