import type { SettingsPatch, TerminalSettings } from '../contract/terminal-api';
import { NFC_LINE_ENDINGS, nfcSerialFormatProblem } from '../core/nfc-serial-parser';
import type { VenueConfig } from '../core/venue-config';
import type { SettingsStore } from '../node/store/settings-store';

type StoredSettings = Omit<TerminalSettings, 'pinSet'>;

const KEY = 'terminal';

export function defaultSettings(venue: VenueConfig): StoredSettings {
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

/**
 * The terminal's local settings (what it checks, language, timings, scanner setup). Read on
 * every scan, so the stored record is kept in memory; this class is its only writer.
 */
export class TerminalSettingsStore {
  private stored: Partial<StoredSettings> | null = null;

  constructor(private readonly settings: SettingsStore) {}

  read(venue: VenueConfig): StoredSettings {
    this.stored ??= this.settings.get<Partial<StoredSettings>>(KEY) ?? {};
    const stored = this.stored;
    const merged = { ...defaultSettings(venue), ...stored };
    // A service or offer the venue no longer has falls back to the venue's first service.
    if (merged.offerId !== null && !venue.offers.some((o) => o.id === merged.offerId)) merged.offerId = null;
    if (merged.service !== null && !venue.services.includes(merged.service)) merged.service = venue.services[0] ?? null;
    return merged;
  }

  update(venue: VenueConfig, patch: SettingsPatch): StoredSettings {
    if (patch.service !== undefined && patch.service !== null && !venue.services.includes(patch.service)) {
      throw new RangeError(`this venue does not check the service ${patch.service}`);
    }
    if (patch.offerId !== undefined && patch.offerId !== null && !venue.offers.some((o) => o.id === patch.offerId)) {
      throw new RangeError(`this venue has no offer ${patch.offerId}`);
    }
    const next = { ...this.read(venue), ...patch };
    // The serial reader's framing must be one it can parse (no same prefix twice, and so on).
    const framing = nfcSerialFormatProblem({
      lineEnding: NFC_LINE_ENDINGS[next.nfcSerialLineEnding],
      prefixes: { apple: next.nfcSerialApplePrefix, google: next.nfcSerialGooglePrefix },
    });
    if (framing !== null) throw new RangeError(`NFC reader: ${framing}`);
    this.settings.set(KEY, next);
    this.stored = next;
    return next;
  }
}
