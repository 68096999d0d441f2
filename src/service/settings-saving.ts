import { DAY } from '../core/time';
import type { StalenessPolicy } from '../core/staleness';
import type { VenueConfig } from '../core/venue-config';
import type { SettingsPatch } from '../contract/terminal-api';
import { ApiError } from '../contract/validate';
import { isStorageFull } from '../node/store/storage-full';
import type { TerminalParts } from './compose';
import type { StaffSettings } from '../node/store/settings-store';
import { SettingRefused, type SettingChange } from './terminal-settings';

/**
 * Plans and stores a change of the staff's settings: only what changes, each staleness override
 * with its audit row in the same transaction, or nothing at all. Answers what changed (empty:
 * nothing did); refusals in the contract's words (the refused setting named, a full disk).
 */
export function saveStaffSettings(
  parts: Pick<TerminalParts, 'db' | 'staffSettings' | 'audit' | 'system' | 'trust'>,
  patch: SettingsPatch,
): readonly SettingChange[] {
  const { db, staffSettings, audit, system, trust } = parts;
  let changes: readonly SettingChange[];
  try {
    changes = staffSettings.plan(trust.venue, patch);
  } catch (e) {
    if (e instanceof SettingRefused) throw new ApiError('invalid_argument', e.message, e.setting);
    throw e;
  }
  if (changes.length === 0) return changes;
  const now = system.now();
  try {
    db.transaction(() => {
      for (const c of changes)
        if (c.key === 'statusHardLimitHours' || c.key === 'trustHardLimitDays')
          audit.record(now, 'staleness_override', { setting: c.key, from: c.from, to: c.to });
      staffSettings.apply(changes);
    })();
  } catch (e) {
    staffSettings.reload();
    if (isStorageFull(e)) throw new ApiError('storage_full', 'The terminal’s storage is full: nothing was saved.');
    throw e;
  }
  return changes;
}

/** The venue's staleness policy, with the staff's overrides (audited when set) applied. */
export function stalenessWithOverrides(venue: VenueConfig, s: StaffSettings): StalenessPolicy {
  return {
    ...venue.staleness,
    ...(s.statusHardLimitHours !== null ? { statusHardLimit: s.statusHardLimitHours * 3600 } : {}),
    ...(s.trustHardLimitDays !== null ? { trustHardLimit: s.trustHardLimitDays * DAY } : {}),
  };
}
