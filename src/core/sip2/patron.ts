/**
 * 63 Patron Information / 64 its response, and 23 Patron Status / 24 its response (the fallback
 * where a server does not support 63: no counts, no items).
 */
import { expectId, joined, nonEmpty, yesNoField } from './answer';
import { FixedReader } from './fixed';
import { fieldValue, fieldValues, type Sip2Field, type Sip2Message } from './message';
import { success, type Sip2Result } from './problem';

/** The item lists 63 can ask for, in the order of the `summary` positions. */
export const SUMMARY_POSITIONS = ['hold', 'overdue', 'charged', 'fine', 'recall', 'unavailable'] as const;
export type SummaryItems = (typeof SUMMARY_POSITIONS)[number];

/** Language 000: unknown/default. The LMS answers in its own. */
const LANGUAGE = '000';

export interface PatronRequest {
  readonly institution: string;
  readonly patron: string;
  /** Transaction date, formatSip2Date(now). */
  readonly date: string;
  readonly terminalPassword?: string;
  readonly patronPassword?: string;
}

function patronFields(r: PatronRequest): Sip2Field[] {
  const fields: Sip2Field[] = [
    { id: 'AO', value: r.institution },
    { id: 'AA', value: r.patron },
    { id: 'AC', value: r.terminalPassword ?? '' },
  ];
  if (r.patronPassword !== undefined) fields.push({ id: 'AD', value: r.patronPassword });
  return fields;
}

export function patronInformationRequest(
  r: PatronRequest & { readonly items?: SummaryItems; readonly startItem?: number; readonly endItem?: number },
): Sip2Message {
  const summary = SUMMARY_POSITIONS.map((p) => (p === r.items ? 'Y' : ' '))
    .join('')
    .padEnd(10, ' ');
  const fields = patronFields(r);
  if (r.items !== undefined) {
    // Without a range some servers send only their first page of items.
    fields.push({ id: 'BP', value: String(r.startItem ?? 1) }, { id: 'BQ', value: String(r.endItem ?? 100) });
  }
  return { id: '63', fixed: LANGUAGE + r.date + summary, fields };
}

export function patronStatusRequest(r: PatronRequest): Sip2Message {
  return { id: '23', fixed: LANGUAGE + r.date, fields: patronFields(r) };
}

export interface PatronAnswer {
  /** The 14 patron status flags, in SIP2's order (true: set). */
  readonly status: readonly boolean[];
  readonly language: string;
  readonly patron: string | null;
  readonly name: string | null;
  /** `BL`: null when the server did not say. */
  readonly validPatron: boolean | null;
  /** `CQ`: null when the server did not say. */
  readonly validPassword: boolean | null;
  readonly currency: string | null;
  readonly feeAmount: string | null;
  readonly screenMessage: string | null;
  readonly printLine: string | null;
  /** 64 only (null in a 24): the counts of the fixed fields, null where blank. */
  readonly counts: {
    readonly hold: number | null;
    readonly overdue: number | null;
    readonly charged: number | null;
    readonly fine: number | null;
    readonly recall: number | null;
    readonly unavailable: number | null;
  } | null;
  /** 64 only: `CB` charged items limit, null when absent. */
  readonly chargedLimit: number | null;
  /** 64 only: the items of the summary position asked for (AS, AT, AU, AV, BU, CD). */
  readonly items: Readonly<Record<SummaryItems, readonly string[]>>;
}

const ITEM_FIELDS: Readonly<Record<SummaryItems, string>> = {
  hold: 'AS',
  overdue: 'AT',
  charged: 'AU',
  fine: 'AV',
  recall: 'BU',
  unavailable: 'CD',
};

function limit(value: string | null): number | null {
  return value !== null && /^\s*\d+\s*$/.test(value) ? Number(value.trim()) : null;
}

function common(message: Sip2Message, r: FixedReader) {
  const status = r.flags('patron status', 14);
  if (!status.ok) return status;
  const language = r.text(3);
  r.text(18); // transaction date: the LMS's clock, not used
  return success({
    status: status.value,
    language,
    patron: nonEmpty(fieldValue(message, 'AA')),
    name: nonEmpty(fieldValue(message, 'AE')),
    validPatron: yesNoField(fieldValue(message, 'BL')),
    validPassword: yesNoField(fieldValue(message, 'CQ')),
    currency: nonEmpty(fieldValue(message, 'BH')),
    feeAmount: nonEmpty(fieldValue(message, 'BV')),
    screenMessage: joined(fieldValues(message, 'AF')),
    printLine: joined(fieldValues(message, 'AG')),
  });
}

export function parsePatronInformation(message: Sip2Message): Sip2Result<PatronAnswer> {
  const m = expectId(message, '64');
  if (!m.ok) return m;
  const r = new FixedReader('64', message.fixed);
  const base = common(message, r);
  if (!base.ok) return base;
  const counts: Partial<Record<SummaryItems, number | null>> = {};
  for (const [name, label] of [
    ['hold', 'hold items count'],
    ['overdue', 'overdue items count'],
    ['charged', 'charged items count'],
    ['fine', 'fine items count'],
    ['recall', 'recall items count'],
    ['unavailable', 'unavailable holds count'],
  ] as const) {
    const c = r.count(label, 4);
    if (!c.ok) return c;
    counts[name] = c.value;
  }
  return success({
    ...base.value,
    counts: {
      hold: counts.hold ?? null,
      overdue: counts.overdue ?? null,
      charged: counts.charged ?? null,
      fine: counts.fine ?? null,
      recall: counts.recall ?? null,
      unavailable: counts.unavailable ?? null,
    },
    chargedLimit: limit(fieldValue(message, 'CB')),
    items: {
      hold: fieldValues(message, ITEM_FIELDS.hold),
      overdue: fieldValues(message, ITEM_FIELDS.overdue),
      charged: fieldValues(message, ITEM_FIELDS.charged),
      fine: fieldValues(message, ITEM_FIELDS.fine),
      recall: fieldValues(message, ITEM_FIELDS.recall),
      unavailable: fieldValues(message, ITEM_FIELDS.unavailable),
    },
  });
}

export function parsePatronStatus(message: Sip2Message): Sip2Result<PatronAnswer> {
  const m = expectId(message, '24');
  if (!m.ok) return m;
  const base = common(message, new FixedReader('24', message.fixed));
  if (!base.ok) return base;
  return success({
    ...base.value,
    counts: null,
    chargedLimit: null,
    items: { hold: [], overdue: [], charged: [], fine: [], recall: [], unavailable: [] },
  });
}
