/**
 * Migration 7: staff settings that earlier versions stored only because they saved the merged
 * defaults (issue 11) are forgotten, so the defaults follow the venue again. Left alone: every
 * value staff could have chosen, and `selfService: true` (staff putting a desk terminal into
 * self-service is the common deliberate choice). Dropped: `selfService: false` (the frozen copy of
 * a desk venue's role, which would keep a self-service venue's kiosk in desk mode; a desk
 * terminal reads false from its role anyway) and values equal to the fixed defaults below, which
 * read the same whether stored or not.
 */
import type { Migration } from './migration';

/** The fixed defaults as they were at version 6 (a snapshot: later changes of defaults do not belong here). */
const FIXED_DEFAULTS_AT_6: Readonly<Record<string, unknown>> = {
  offerId: null,
  language: 'en',
  selfService: false,
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

export const migration007: Migration = {
  version: 7,
  name: 'staff settings store only what staff changed',
  up(db) {
    const row = db.prepare<[], { value: string }>("SELECT value FROM settings WHERE key = 'terminal'").get();
    if (!row) return;
    const stored = JSON.parse(row.value) as Record<string, unknown>;
    const kept = Object.fromEntries(
      Object.entries(stored).filter(
        ([key, value]) =>
          !(key in FIXED_DEFAULTS_AT_6 && JSON.stringify(FIXED_DEFAULTS_AT_6[key]) === JSON.stringify(value)),
      ),
    );
    db.prepare("UPDATE settings SET value = ? WHERE key = 'terminal'").run(JSON.stringify(kept));
  },
};
