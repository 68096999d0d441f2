/**
 * 17 Item Information / 18 its response: after a refused checkout it tells an item on the hold
 * shelf (or held for someone) and an item the LMS does not know from other refusals, and it
 * gives a loan's due date where Patron Information lists only item ids.
 */
import { expectId, joined, nonEmpty } from './answer';
import { FixedReader } from './fixed';
import { fieldValue, fieldValues, type Sip2Message } from './message';
import { failure, success, type Sip2Result } from './problem';

export function itemInformationRequest(r: {
  readonly institution: string;
  readonly item: string;
  readonly date: string;
  readonly terminalPassword?: string;
}): Sip2Message {
  return {
    id: '17',
    fixed: r.date,
    fields: [
      { id: 'AO', value: r.institution },
      { id: 'AB', value: r.item },
      { id: 'AC', value: r.terminalPassword ?? '' },
    ],
  };
}

/** SIP2's circulation status codes (18's first fixed field). */
export const CIRCULATION_STATUS = {
  other: 1,
  onOrder: 2,
  available: 3,
  charged: 4,
  chargedNotToBeRecalled: 5,
  inProcess: 6,
  recalled: 7,
  waitingOnHoldShelf: 8,
  waitingToBeReshelved: 9,
  inTransit: 10,
  claimedReturned: 11,
  lost: 12,
  missing: 13,
} as const;

export interface ItemAnswer {
  readonly circulationStatus: number;
  readonly item: string | null;
  readonly title: string | null;
  /** `CF`: the number of holds queued on the item, null when absent. */
  readonly holdQueueLength: number | null;
  readonly dueDate: string | null;
  readonly screenMessage: string | null;
}

export function parseItemInformation(message: Sip2Message): Sip2Result<ItemAnswer> {
  const m = expectId(message, '18');
  if (!m.ok) return m;
  const r = new FixedReader('18', message.fixed);
  const status = r.count('circulation status', 2);
  if (!status.ok) return status;
  if (status.value === null || status.value < 1 || status.value > 13)
    return failure(
      'malformed',
      'circulation status',
      `18 circulation status: expected 01 to 13, got '${message.fixed.slice(0, 2)}'`,
    );
  const queue = fieldValue(message, 'CF');
  return success({
    circulationStatus: status.value,
    item: nonEmpty(fieldValue(message, 'AB')),
    title: nonEmpty(fieldValue(message, 'AJ')),
    holdQueueLength: queue !== null && /^\s*\d+\s*$/.test(queue) ? Number(queue.trim()) : null,
    dueDate: nonEmpty(fieldValue(message, 'AH')),
    screenMessage: joined(fieldValues(message, 'AF')),
  });
}
