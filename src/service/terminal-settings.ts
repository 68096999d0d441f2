import { EventEmitter } from 'node:events';
import type { SettingsPatch } from '../contract/terminal-api';
import { NFC_LINE_ENDINGS, nfcSerialFormatProblem, type NfcFormatProblem } from '../core/nfc-serial-parser';
import type { VenueConfig } from '../core/venue-config';
import type { SettingsStore, StaffSettings } from '../node/store/settings-store';

export function defaultSettings(venue: VenueConfig): StaffSettings {
  return {
    service: venue.services[0] ?? null,
    offerId: null,
    language: 'en',
    selfService: venue.role === 'self_service',
    autoReturnValidMs: 3000,
    autoReturnOtherMs: 6000,
    nfcPrefix: '',
    nfcSuffix: '',
    wedgeScanGapMs: 150,
    cameraDeviceId: null,
    volume: 80,
    nfcSerialPath: null,
    nfcSerialBaud: 9600,
    nfcSerialApplePrefix: 'A',
    nfcSerialGooglePrefix: 'G',
    nfcSerialLineEnding: 'crlf',
    statusHardLimitHours: null,
    trustHardLimitDays: null,
  };
}

/** One staff setting that changed, with its value before and after. */
export interface SettingChange<K extends keyof StaffSettings = keyof StaffSettings> {
  readonly key: K;
  readonly from: StaffSettings[K];
  readonly to: StaffSettings[K];
}

/** A value the venue or the reader cannot take, and the setting it was given for. */
export class SettingRefused extends RangeError {
  constructor(
    readonly setting: keyof StaffSettings,
    message: string,
  ) {
    super(message);
  }
}

/** The setting that holds each part of the NFC reader's framing. */
const FRAMING_SETTING = {
  lineEnding: 'nfcSerialLineEnding',
  applePrefix: 'nfcSerialApplePrefix',
  googlePrefix: 'nfcSerialGooglePrefix',
} as const satisfies Record<NfcFormatProblem['part'], keyof StaffSettings>;

/**
 * The terminal's staff settings: the venue's defaults with what staff changed on top. Only what
 * staff changed is stored, so a default that follows the venue (self-service from its role, the
 * first service) keeps following it. Read on every scan, so the stored part is kept in memory;
 * this class is its only writer, and it announces each change (`change`) to those who act on it.
 */
export class TerminalSettingsStore extends EventEmitter<{ change: [readonly SettingChange[]] }> {
  private stored: Partial<StaffSettings> | null = null;

  constructor(private readonly settings: SettingsStore) {
    super();
  }

  private own(): Partial<StaffSettings> {
    this.stored ??= this.settings.get('terminal') ?? {};
    return this.stored;
  }

  read(venue: VenueConfig): StaffSettings {
    const merged = { ...defaultSettings(venue), ...this.own() };
    // A service or offer the venue no longer has falls back to the venue's first service.
    if (merged.offerId !== null && !venue.offers.some((o) => o.id === merged.offerId)) merged.offerId = null;
    if (merged.service !== null && !venue.services.includes(merged.service)) merged.service = venue.services[0] ?? null;
    return merged;
  }

  /**
   * What a patch would change (nothing for a value that is already so); throws SettingRefused
   * for a value the venue or the reader cannot take. Writes nothing: `apply` does, so the caller
   * can audit the changes in the same transaction.
   */
  plan(venue: VenueConfig, patch: SettingsPatch): readonly SettingChange[] {
    if (patch.service !== undefined && patch.service !== null && !venue.services.includes(patch.service)) {
      throw new SettingRefused('service', `this venue does not check the service ${patch.service}`);
    }
    if (patch.offerId !== undefined && patch.offerId !== null && !venue.offers.some((o) => o.id === patch.offerId)) {
      throw new SettingRefused('offerId', `this venue has no offer ${patch.offerId}`);
    }
    const before = this.read(venue);
    const after = { ...before, ...patch };
    // The serial reader's framing must be one it can parse (no same prefix twice, and so on).
    const framing = nfcSerialFormatProblem({
      lineEnding: NFC_LINE_ENDINGS[after.nfcSerialLineEnding],
      prefixes: { apple: after.nfcSerialApplePrefix, google: after.nfcSerialGooglePrefix },
    });
    if (framing !== null) {
      // Name the framing setting staff just changed (two equal prefixes are the later one's fault).
      const part = FRAMING_SETTING[framing.part];
      const changed =
        patch[part] !== undefined ? part : Object.values(FRAMING_SETTING).find((k) => patch[k] !== undefined);
      throw new SettingRefused(changed ?? part, `NFC reader: ${framing.text}`);
    }
    return (Object.keys(patch) as (keyof StaffSettings)[])
      .filter((key) => patch[key] !== undefined && JSON.stringify(before[key]) !== JSON.stringify(after[key]))
      .map((key) => ({ key, from: before[key], to: after[key] }));
  }

  /** Stores planned changes (only those keys: the rest keep following the venue) and announces them. */
  apply(changes: readonly SettingChange[]): void {
    if (changes.length === 0) return;
    const own = { ...this.own() };
    for (const c of changes) (own as Record<string, unknown>)[c.key] = c.to;
    this.settings.set('terminal', own);
    this.stored = own;
    this.emit('change', changes);
  }

  /** Forgets the in-memory copy (after a transaction that wrote it was rolled back). */
  reload(): void {
    this.stored = null;
  }
}
