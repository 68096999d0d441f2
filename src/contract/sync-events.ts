/**
 * Runtime schemas for the sync API's event upload: the server validates every event with these,
 * and answers `rejected` (with the reason) for one that does not fit, without refusing the batch.
 */
import { OUTCOMES, REASONS, outcomeOf } from '../core/reasons';
import { SCAN_SOURCES, type TerminalEvent } from '../core/sync-protocol';
import { ApiError, int, nullable, num, object, oneOf, str } from './validate';

export const MAX_EVENTS_PER_REQUEST = 500;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
const CODE = /^[a-z0-9-]{1,32}$/;
const REF = /^[A-Za-z0-9_-]{43}$/;

const scanEvent = object({
  type: oneOf(['scan'] as const),
  id: str({ max: 36, pattern: UUID }),
  at: str({ max: 30, pattern: ISO }),
  service: nullable(str({ max: 32, pattern: CODE })),
  offer: nullable(str({ max: 32, pattern: CODE })),
  outcome: oneOf(OUTCOMES),
  reason: oneOf(REASONS),
  source: oneOf(SCAN_SOURCES),
  cardRef: nullable(str({ max: 43, pattern: REF })),
  kid: nullable(str({ max: 64 })),
  trustSeq: nullable(int(0, Number.MAX_SAFE_INTEGER)),
  latencyMs: num(0, 3_600_000),
});

const undoEvent = object({
  type: oneOf(['undo_redemption'] as const),
  id: str({ max: 36, pattern: UUID }),
  at: str({ max: 30, pattern: ISO }),
  undoes: str({ max: 36, pattern: UUID }),
  offer: str({ max: 32, pattern: CODE }),
  cardRef: str({ max: 43, pattern: REF }),
});

const staffCallEvent = object({
  type: oneOf(['staff_call'] as const),
  id: str({ max: 36, pattern: UUID }),
  at: str({ max: 30, pattern: ISO }),
});

/** Validates one uploaded event; throws ApiError('invalid_argument') with the reason. */
export function validateEvent(value: unknown, path = 'event'): TerminalEvent {
  const type = (value as { type?: unknown } | null)?.type;
  if (type === 'scan') {
    const e = scanEvent(value, path);
    if (outcomeOf(e.reason) !== e.outcome)
      throw new ApiError('invalid_argument', `${path}.reason does not belong to ${e.outcome}`);
    return e;
  }
  if (type === 'undo_redemption') return undoEvent(value, path);
  if (type === 'staff_call') return staffCallEvent(value, path);
  throw new ApiError('invalid_argument', `${path}.type must be scan, undo_redemption or staff_call`);
}

/** The id of an event-like value, if it has a usable one (for per-event answers). */
export function eventIdOf(value: unknown): string | null {
  const id = (value as { id?: unknown } | null)?.id;
  return typeof id === 'string' && id.length <= 64 ? id : null;
}
