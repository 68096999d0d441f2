/**
 * 99 SC Status / 98 ACS Status. The answer's `BX` says which messages the server supports; the
 * client uses only those (Patron Status where Patron Information is missing, Item Information
 * only where offered).
 */
import { expectId, joined, nonEmpty } from './answer';
import { FixedReader } from './fixed';
import { fieldValue, fieldValues, type Sip2Message } from './message';
import { success, type Sip2Result } from './problem';

/** The 16 positions of `BX`, in order. */
export const SUPPORTED_MESSAGES = [
  'patronStatus',
  'checkout',
  'checkin',
  'blockPatron',
  'status',
  'requestResend',
  'login',
  'patronInformation',
  'endPatronSession',
  'feePaid',
  'itemInformation',
  'itemStatusUpdate',
  'patronEnable',
  'hold',
  'renew',
  'renewAll',
] as const;
export type SupportedMessage = (typeof SUPPORTED_MESSAGES)[number];
export type SupportedMessages = Readonly<Record<SupportedMessage, boolean>>;

export function scStatusRequest(maxPrintWidth = 80): Sip2Message {
  // Status code 0: SC OK.
  return { id: '99', fixed: '0' + String(maxPrintWidth).padStart(3, '0') + '2.00', fields: [] };
}

/** `BX` read position by position; a short map means the missing positions are N. */
export function parseSupportedMessages(bx: string): SupportedMessages {
  const at = (i: number): boolean => bx.charAt(i) === 'Y';
  return {
    patronStatus: at(0),
    checkout: at(1),
    checkin: at(2),
    blockPatron: at(3),
    status: at(4),
    requestResend: at(5),
    login: at(6),
    patronInformation: at(7),
    endPatronSession: at(8),
    feePaid: at(9),
    itemInformation: at(10),
    itemStatusUpdate: at(11),
    patronEnable: at(12),
    hold: at(13),
    renew: at(14),
    renewAll: at(15),
  };
}

export function formatSupportedMessages(supported: Partial<Record<SupportedMessage, boolean>>): string {
  return SUPPORTED_MESSAGES.map((name) => (supported[name] ? 'Y' : 'N')).join('');
}

export interface AcsStatus {
  readonly online: boolean;
  readonly checkoutOk: boolean;
  readonly renewalPolicy: boolean;
  readonly protocolVersion: string;
  readonly institution: string | null;
  readonly libraryName: string | null;
  /** Null when the server sent no `BX` (a 1.00 server). */
  readonly supported: SupportedMessages | null;
  readonly screenMessage: string | null;
}

export function parseAcsStatus(message: Sip2Message): Sip2Result<AcsStatus> {
  const m = expectId(message, '98');
  if (!m.ok) return m;
  const r = new FixedReader('98', message.fixed);
  const online = r.yesNo('on-line status');
  if (!online.ok) return online;
  const checkin = r.yesNo('checkin ok');
  if (!checkin.ok) return checkin;
  const checkoutOk = r.yesNo('checkout ok');
  if (!checkoutOk.ok) return checkoutOk;
  const renewalPolicy = r.yesNo('ACS renewal policy');
  if (!renewalPolicy.ok) return renewalPolicy;
  r.text(2 + 3 + 3 + 18); // status update ok, off-line ok, timeout, retries, date/time sync
  const protocolVersion = r.text(4);
  const bx = fieldValue(message, 'BX');
  return success({
    online: online.value,
    checkoutOk: checkoutOk.value,
    renewalPolicy: renewalPolicy.value,
    protocolVersion,
    institution: nonEmpty(fieldValue(message, 'AO')),
    libraryName: nonEmpty(fieldValue(message, 'AM')),
    supported: bx === null ? null : parseSupportedMessages(bx),
    screenMessage: joined(fieldValues(message, 'AF')),
  });
}
