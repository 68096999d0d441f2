import type { Outcome, Reason, Warning } from '../../core/reasons';

/** Reason texts may use {date}, {time}, {service}, {count}, {period}. */
export interface ReasonText {
  readonly words: string;
  readonly next: string;
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
  readonly periods: Record<'day' | 'week' | 'visit', string>;
  readonly unusable: Record<'withdrawn' | 'no_trust_list' | 'trust_list_too_old', string>;
  readonly ui: {
    readonly appName: string;
    readonly checking: string;
    readonly scanOrTap: string;
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
    readonly queue: string;
    readonly queueLabel: string;
    readonly scannersConnected: string;
    readonly noScanners: string;
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
    readonly ignoredDuplicate: string;
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
    readonly devices: string;
    readonly fresh: string;
    readonly stale: string;
    readonly unusable: string;
    readonly missing: string;
    readonly pinTitle: string;
    readonly pinLabel: string;
    readonly unlock: string;
    readonly lock: string;
    readonly wrongPin: string;
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

/** Replaces {name} placeholders. */
export function fill(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (all, key: string) => (key in values ? String(values[key]) : all));
}
