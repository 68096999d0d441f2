/**
 * Sync protocol types (docs/contract/sync-api-outline.md, "Push"): what a terminal uploads. Shared by the
 * terminal's outbox, the sync client and the reference server.
 */
import type { Outcome, Reason } from './reasons';
import { isoFromSeconds, type Seconds } from './time';

export const SCAN_SOURCES = ['camera', 'hid', 'keyboard', 'nfc', 'manual'] as const;
export type ScanSource = (typeof SCAN_SOURCES)[number];

export function isScanSource(v: unknown): v is ScanSource {
  return typeof v === 'string' && (SCAN_SOURCES as readonly string[]).includes(v);
}

/** One scan, as the server stores it. `cardRef` is a keyed hash: never the card id or a name. */
export interface ScanEvent {
  readonly type: 'scan';
  /** UUIDv7, made at scan time and kept across retries. */
  readonly id: string;
  /** ISO 8601. */
  readonly at: string;
  readonly service: string | null;
  readonly offer: string | null;
  readonly outcome: Outcome;
  readonly reason: Reason;
  readonly source: ScanSource;
  readonly cardRef: string | null;
  readonly kid: string | null;
  readonly trustSeq: number | null;
  readonly latencyMs: number;
}

/** Staff undid an offer redemption made by mistake: a compensating event, synced like a scan. */
export interface UndoRedemptionEvent {
  readonly type: 'undo_redemption';
  readonly id: string;
  readonly at: string;
  /** The id of the scan event whose redemption is undone. */
  readonly undoes: string;
  readonly offer: string;
  readonly cardRef: string;
}

/** A resident pressed "Call staff" on a self-service kiosk: no personal data, just when. */
export interface StaffCallEvent {
  readonly type: 'staff_call';
  readonly id: string;
  readonly at: string;
}

export type TerminalEvent = ScanEvent | UndoRedemptionEvent | StaffCallEvent;

/**
 * The events a terminal queues, built in one place from what the terminal knows: times in
 * seconds (written as ISO 8601 here, the only place), ids made by the caller (UUIDv7).
 */
export const syncEvents = {
  scan(e: Omit<ScanEvent, 'type' | 'at'> & { readonly at: Seconds }): ScanEvent {
    return { ...e, type: 'scan', at: isoFromSeconds(e.at) };
  },
  undoRedemption(e: Omit<UndoRedemptionEvent, 'type' | 'at'> & { readonly at: Seconds }): UndoRedemptionEvent {
    return { ...e, type: 'undo_redemption', at: isoFromSeconds(e.at) };
  },
  staffCall(e: { readonly id: string; readonly at: Seconds }): StaffCallEvent {
    return { type: 'staff_call', id: e.id, at: isoFromSeconds(e.at) };
  },
};
