import { MAX_EVENTS_PER_REQUEST, eventIdOf, validateEvent } from '../src/contract/sync-events';
import { ApiError } from '../src/contract/validate';
import type { TerminalEvent } from '../src/core/sync-protocol';
import { HttpError } from './http/json-io';
import type { IngestStatus, SyncStorage } from './storage/sync-storage';

export interface EventResult {
  readonly id: string | null;
  status: IngestStatus | 'rejected';
  readonly reason?: string;
}

/**
 * POST /v1/events after authentication: each event is validated on its own against the server's
 * clock; one that does not fit is answered `rejected` with the reason and the rest of the batch
 * is stored (one transaction). Only a body that is not `{events: [...]}` at all, or too many
 * events, refuses the whole request, and then nothing is stored. Validation is complete before
 * storage, so storage never sees a value it could choke on (a NaN time once made a whole batch
 * fail with 500, and the terminal retried it forever).
 */
export async function ingestBatch(
  body: unknown,
  device: { readonly id: string; readonly venueId: string },
  storage: SyncStorage,
  now: number,
): Promise<{ results: EventResult[]; serverTime: number }> {
  const events =
    typeof body === 'object' && body !== null && !Array.isArray(body)
      ? (body as { events?: unknown }).events
      : undefined;
  if (!Array.isArray(events)) throw new HttpError(400, 'bad_request', 'send {events: [...]}');
  if (events.length > MAX_EVENTS_PER_REQUEST)
    throw new HttpError(413, 'too_many_events', `at most ${MAX_EVENTS_PER_REQUEST} events a request`);
  const results: EventResult[] = [];
  const valid: TerminalEvent[] = [];
  const slots: EventResult[] = [];
  for (const [i, raw] of events.entries()) {
    try {
      const event = validateEvent(raw, now, `events[${i}]`);
      const result: EventResult = { id: event.id, status: 'accepted' };
      valid.push(event);
      slots.push(result);
      results.push(result);
    } catch (e) {
      // Anything but a validation failure is the server's own fault: let it be a 500.
      if (!(e instanceof ApiError)) throw e;
      results.push({ id: eventIdOf(raw), status: 'rejected', reason: e.message });
    }
  }
  (await storage.ingestEvents(device.id, device.venueId, valid, now)).forEach(
    (status, k) => (slots[k]!.status = status),
  );
  return { results, serverTime: now };
}
