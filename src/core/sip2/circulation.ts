/**
 * 11 Checkout / 12 its response, and 29 Renew / 30 its response (the same shape). The terminal
 * never lets the LMS renew through a checkout (`SC renewal policy` N) and never asks it to
 * ignore blocks (`no block` N): a kiosk is on line and must take the LMS's answer as it is.
 */
import { expectId, joined, nonEmpty } from './answer';
import { FixedReader } from './fixed';
import { fieldValue, fieldValues, type Sip2Field, type Sip2Message } from './message';
import { success, type Sip2Result } from './problem';

/** `nb due date`: blank, the LMS decides (18 spaces). */
const NO_DUE_DATE = ' '.repeat(18);

export interface CirculationRequest {
  readonly institution: string;
  readonly patron: string;
  readonly item: string;
  readonly date: string;
  readonly terminalPassword?: string;
  readonly patronPassword?: string;
}

export function checkoutRequest(r: CirculationRequest): Sip2Message {
  const fields: Sip2Field[] = [
    { id: 'AO', value: r.institution },
    { id: 'AA', value: r.patron },
    { id: 'AB', value: r.item },
    { id: 'AC', value: r.terminalPassword ?? '' },
  ];
  if (r.patronPassword !== undefined) fields.push({ id: 'AD', value: r.patronPassword });
  return { id: '11', fixed: 'N' + 'N' + r.date + NO_DUE_DATE, fields };
}

export function renewRequest(r: CirculationRequest): Sip2Message {
  const fields: Sip2Field[] = [
    { id: 'AO', value: r.institution },
    { id: 'AA', value: r.patron },
  ];
  if (r.patronPassword !== undefined) fields.push({ id: 'AD', value: r.patronPassword });
  fields.push({ id: 'AB', value: r.item }, { id: 'AC', value: r.terminalPassword ?? '' });
  // Third party allowed N (only the patron's own items), no block N.
  return { id: '29', fixed: 'N' + 'N' + r.date + NO_DUE_DATE, fields };
}

export interface CirculationAnswer {
  readonly ok: boolean;
  /** Checkout: the item was already on this patron's card (a renewal). Renew: renewed. */
  readonly renewalOk: boolean;
  readonly patron: string | null;
  readonly item: string | null;
  readonly title: string | null;
  /** `AH` as sent (free text at many LMSs): parseDueDate reads it. */
  readonly dueDate: string | null;
  readonly screenMessage: string | null;
  readonly printLine: string | null;
}

function parseCirculation(message: Sip2Message, id: '12' | '30'): Sip2Result<CirculationAnswer> {
  const m = expectId(message, id);
  if (!m.ok) return m;
  const r = new FixedReader(id, message.fixed);
  const ok = r.zeroOne('ok');
  if (!ok.ok) return ok;
  // A space where Y/N belongs is read as N: several LMSs leave fields they ignore blank.
  const renewalOk = r.yesNo('renewal ok', [' ']);
  if (!renewalOk.ok) return renewalOk;
  return success({
    ok: ok.value,
    renewalOk: renewalOk.value,
    patron: nonEmpty(fieldValue(message, 'AA')),
    item: nonEmpty(fieldValue(message, 'AB')),
    title: nonEmpty(fieldValue(message, 'AJ')),
    dueDate: nonEmpty(fieldValue(message, 'AH')),
    screenMessage: joined(fieldValues(message, 'AF')),
    printLine: joined(fieldValues(message, 'AG')),
  });
}

export function parseCheckoutAnswer(message: Sip2Message): Sip2Result<CirculationAnswer> {
  return parseCirculation(message, '12');
}

export function parseRenewAnswer(message: Sip2Message): Sip2Result<CirculationAnswer> {
  return parseCirculation(message, '30');
}
