/**
 * Runtime schemas for the sync API's event upload: the server validates every event with these,
 * and answers `rejected` (with the reason) for one that does not fit, without refusing the batch.
 */
import { OUTCOMES, REASONS, outcomeOf } from '../core/reasons';
import { SCAN_SOURCES, type TerminalEvent } from '../core/sync-protocol';
import { DAY, isoFromSeconds, type Seconds } from '../core/time';
import { ApiError, int, nullable, num, object, oneOf, str, type Schema } from './validate';

export const MAX_EVENTS_PER_REQUEST = 500;

/** No CivicPass terminal scanned before this: an earlier time is a broken clock or a forgery. */
export const EARLIEST_EVENT_TIME: Seconds = Date.UTC(2020, 0, 1) / 1000;
/**
 * How far past the server's clock an event time may be. Loose on purpose: a terminal whose clock
 * is wrong by months still scans real cards, and those scans must not be lost.
 */
export const MAX_EVENT_LEAD: Seconds = 365 * DAY;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** RFC 3339 in UTC as `Date.toISOString()` writes it, with 0 to 3 fraction digits. */
const RFC3339_UTC = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,3})?Z$/;
const CODE = /^[a-z0-9-]{1,32}$/;
const REF = /^[A-Za-z0-9_-]{43}$/;

function refuse(message: string): never {
  throw new ApiError('invalid_argument', message);
}

/**
 * An event time: a real instant (the pattern alone lets through 2026-02-30 or 25:00, which
 * `Date.parse` rolls over or turns into NaN), from 2020 to a year after the server's `now`.
 */
function instant(now: Seconds): Schema<string> {
  return (v, path) => {
    const text = str({ max: 30 })(v, path);
    const m = RFC3339_UTC.exec(text);
    if (!m) refuse(`${path} must be an RFC 3339 UTC time such as 2026-11-28T14:29:24.426Z`);
    const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    const daysInMonth = month >= 1 && month <= 12 ? new Date(Date.UTC(year, month, 0)).getUTCDate() : 0;
    if (day < 1 || day > daysInMonth) refuse(`${path} ${text} is not a real date (no day ${day} in month ${month})`);
    // A leap second (:60) cannot be told apart from the next second once stored: refused too.
    if (hour > 23 || minute > 59 || second > 59) refuse(`${path} ${text} is not a real time of day`);
    const at = Date.parse(text) / 1000;
    if (at < EARLIEST_EVENT_TIME) refuse(`${path} ${text} is before ${isoFromSeconds(EARLIEST_EVENT_TIME)}`);
    if (at > now + MAX_EVENT_LEAD)
      refuse(`${path} ${text} is more than a year after the server's clock (${isoFromSeconds(now)})`);
    return text;
  };
}

function schemas(now: Seconds) {
  const at = instant(now);
  const id = str({ max: 36, pattern: UUID });
  return {
    scan: object({
      type: oneOf(['scan'] as const),
      id,
      at,
      service: nullable(str({ max: 32, pattern: CODE })),
      offer: nullable(str({ max: 32, pattern: CODE })),
      outcome: oneOf(OUTCOMES),
      reason: oneOf(REASONS),
      source: oneOf(SCAN_SOURCES),
      cardRef: nullable(str({ max: 43, pattern: REF })),
      kid: nullable(str({ max: 64 })),
      trustSeq: nullable(int(0, Number.MAX_SAFE_INTEGER)),
      latencyMs: num(0, 3_600_000),
    }),
    undo: object({
      type: oneOf(['undo_redemption'] as const),
      id,
      at,
      undoes: str({ max: 36, pattern: UUID }),
      offer: str({ max: 32, pattern: CODE }),
      cardRef: str({ max: 43, pattern: REF }),
    }),
    staffCall: object({ type: oneOf(['staff_call'] as const), id, at }),
  };
}

/**
 * Validates one uploaded event against the server's clock `now` (seconds); throws
 * ApiError('invalid_argument') with the reason.
 */
export function validateEvent(value: unknown, now: Seconds, path = 'event'): TerminalEvent {
  const type = (value as { type?: unknown } | null)?.type;
  const s = schemas(now);
  if (type === 'scan') {
    const e = s.scan(value, path);
    if (outcomeOf(e.reason) !== e.outcome) refuse(`${path}.reason does not belong to ${e.outcome}`);
    return e;
  }
  if (type === 'undo_redemption') return s.undo(value, path);
  if (type === 'staff_call') return s.staffCall(value, path);
  refuse(`${path}.type must be scan, undo_redemption or staff_call`);
}

/** The id of an event-like value, if it has a usable one (for per-event answers). */
export function eventIdOf(value: unknown): string | null {
  const id = (value as { id?: unknown } | null)?.id;
  return typeof id === 'string' && id.length <= 64 ? id : null;
}
