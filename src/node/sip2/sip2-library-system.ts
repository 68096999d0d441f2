/**
 * The LibrarySystem port over SIP2: patron accounts (63, or 23 where 63 is not offered),
 * checkout (11, with 63 and 17 to say why a refusal happened), loans (63 and 17) and renew all
 * (63, then 29 per item). One Sip2Client per terminal; nothing the LMS says is kept.
 */
import {
  LibraryError,
  type CheckoutAnswer,
  type CheckoutRefusal,
  type LibraryCapabilities,
  type LibraryLinkState,
  type LibrarySystem,
  type Loan,
  type PatronAccount,
  type PatronBlock,
  type RenewAllAnswer,
} from '../../core/library-system';
import { checkoutRequest, parseCheckoutAnswer, parseRenewAnswer, renewRequest } from '../../core/sip2/circulation';
import { formatSip2Date, parseDueDate } from '../../core/sip2/date';
import {
  CIRCULATION_STATUS,
  itemInformationRequest,
  parseItemInformation,
  type ItemAnswer,
} from '../../core/sip2/item';
import {
  parsePatronInformation,
  parsePatronStatus,
  patronInformationRequest,
  patronStatusRequest,
  type PatronAnswer,
  type SummaryItems,
} from '../../core/sip2/patron';
import type { Sip2Result } from '../../core/sip2/problem';
import { BORROWING_BLOCKS, toPatronAccount } from './account';
import { Sip2Client } from './client';
import { SIP2_DEFAULTS, type Sip2Options } from './options';

function value<T>(result: Sip2Result<T>): T {
  if (!result.ok) throw new LibraryError('lms_protocol', result.problem.message);
  return result.value;
}

export class Sip2LibrarySystem implements LibrarySystem {
  private readonly client: Sip2Client;
  private readonly now: () => number;

  constructor(private readonly options: Sip2Options) {
    this.client = new Sip2Client(options);
    this.now = options.now ?? Date.now;
  }

  get link(): LibraryLinkState {
    return this.client.link;
  }

  async capabilities(): Promise<LibraryCapabilities> {
    const s = await this.client.supported();
    return {
      patronInformation: s.patronInformation,
      checkout: s.checkout,
      renew: s.renew,
      // Renew all needs the list of loans (63) and renews them one by one (29).
      renewAll: s.renew && s.patronInformation,
    };
  }

  async patron(libraryNumber: string, patronPassword?: string): Promise<PatronAccount> {
    const answer = await this.patronAnswer(libraryNumber, patronPassword);
    return toPatronAccount(answer, patronPassword, this.currency());
  }

  async loans(libraryNumber: string, patronPassword?: string): Promise<readonly Loan[]> {
    if (!(await this.client.supported()).patronInformation) return [];
    const answer = await this.patronAnswer(libraryNumber, patronPassword, 'charged');
    const loans: Loan[] = [];
    for (const itemId of answer.items.charged) {
      const item = await this.item(itemId);
      loans.push({ itemId, title: item?.title ?? null, dueDate: parseDueDate(item?.dueDate) });
    }
    return loans;
  }

  async checkout(libraryNumber: string, itemId: string, patronPassword?: string): Promise<CheckoutAnswer> {
    if (!(await this.client.supported()).checkout)
      throw new LibraryError('lms_protocol', 'the LMS does not offer checkout (BX)');
    const request = checkoutRequest({ ...this.circulation(libraryNumber, itemId), ...password(patronPassword) });
    const answer = value(parseCheckoutAnswer(await this.client.exchange(request, '12', { repeatable: false })));
    if (answer.ok)
      return {
        ok: true,
        loan: { itemId: answer.item ?? itemId, title: answer.title, dueDate: parseDueDate(answer.dueDate) },
        screenMessage: answer.screenMessage,
      };
    const why = await this.refusal(libraryNumber, itemId, patronPassword, answer.renewalOk);
    this.options.log?.info({ sip2: '12', refusal: why.refusal }, 'sip2 checkout refused');
    return {
      ok: false,
      itemId,
      refusal: why.refusal,
      title: answer.title ?? why.title,
      screenMessage: answer.screenMessage,
    };
  }

  async renewAll(libraryNumber: string, patronPassword?: string): Promise<RenewAllAnswer> {
    const supported = await this.client.supported();
    if (!(supported.renew && supported.patronInformation))
      throw new LibraryError('lms_protocol', 'the LMS does not offer renewing (BX)');
    const answer = await this.patronAnswer(libraryNumber, patronPassword, 'charged');
    const renewed: Loan[] = [];
    const refused: Loan[] = [];
    for (const itemId of answer.items.charged) {
      const request = renewRequest({ ...this.circulation(libraryNumber, itemId), ...password(patronPassword) });
      const renewal = value(parseRenewAnswer(await this.client.exchange(request, '30', { repeatable: false })));
      if (renewal.ok) renewed.push({ itemId, title: renewal.title, dueDate: parseDueDate(renewal.dueDate) });
      else {
        // Refused: the loan as it stands, with its due date where Item Information gives it.
        const item = await this.item(itemId);
        refused.push({ itemId, title: renewal.title ?? item?.title ?? null, dueDate: parseDueDate(item?.dueDate) });
      }
    }
    return { renewed, refused };
  }

  close(): Promise<void> {
    return this.client.close();
  }

  private currency(): string {
    return this.options.defaultCurrency ?? SIP2_DEFAULTS.defaultCurrency;
  }

  private base(libraryNumber: string) {
    return {
      institution: this.options.institution,
      patron: libraryNumber,
      date: formatSip2Date(this.now()),
      ...(this.options.terminalPassword !== undefined ? { terminalPassword: this.options.terminalPassword } : {}),
    };
  }

  private circulation(libraryNumber: string, item: string) {
    return { ...this.base(libraryNumber), item };
  }

  /** 64 (with the items asked for), or 24 where the server does not offer 63. */
  private async patronAnswer(
    libraryNumber: string,
    patronPassword?: string,
    items?: SummaryItems,
  ): Promise<PatronAnswer> {
    const supported = await this.client.supported();
    const request = { ...this.base(libraryNumber), ...password(patronPassword) };
    const answer = supported.patronInformation
      ? value(
          parsePatronInformation(
            await this.client.exchange(patronInformationRequest({ ...request, ...(items ? { items } : {}) }), '64', {
              repeatable: true,
            }),
          ),
        )
      : value(parsePatronStatus(await this.client.exchange(patronStatusRequest(request), '24', { repeatable: true })));
    // Another patron's account shown for this card would be worse than none.
    // Compared as LMSs write numbers back: spaces around them trimmed, letters in any case.
    const same = (a: string): string => a.trim().toUpperCase();
    if (answer.patron !== null && same(answer.patron) !== same(libraryNumber))
      throw new LibraryError('lms_protocol', `the answer is about another patron than the one asked for`);
    return answer;
  }

  /** 18 for an item, where the server offers 17; null where it does not. */
  private async item(itemId: string): Promise<ItemAnswer | null> {
    if (!(await this.client.supported()).itemInformation) return null;
    const request = itemInformationRequest({
      institution: this.options.institution,
      item: itemId,
      date: formatSip2Date(this.now()),
      ...(this.options.terminalPassword !== undefined ? { terminalPassword: this.options.terminalPassword } : {}),
    });
    return value(parseItemInformation(await this.client.exchange(request, '18', { repeatable: true })));
  }

  /**
   * Why a checkout was refused, asked of the LMS in order: the item already on the patron's card,
   * the patron's blocks and limit, then the item itself (hold shelf, unknown). When a follow-up
   * question fails, the refusal stays the plain "item refused": the checkout's answer stands.
   */
  private async refusal(
    libraryNumber: string,
    itemId: string,
    patronPassword: string | undefined,
    renewalOk: boolean,
  ): Promise<{ refusal: CheckoutRefusal; title: string | null }> {
    if (renewalOk) return { refusal: 'already_on_card', title: null };
    try {
      const supported = await this.client.supported();
      const patron = await this.patronAnswer(
        libraryNumber,
        patronPassword,
        supported.patronInformation ? 'charged' : undefined,
      );
      if (patron.items.charged.includes(itemId)) return { refusal: 'already_on_card', title: null };
      const account = toPatronAccount(patron, patronPassword, this.currency());
      const blocking = account.blocks.filter((b: PatronBlock) => BORROWING_BLOCKS.includes(b));
      if (!account.valid || account.passwordValid === false || blocking.some((b) => b !== 'too_many_charged'))
        return { refusal: 'patron_blocked', title: null };
      const charged = patron.counts?.charged ?? null;
      const atLimit =
        blocking.includes('too_many_charged') ||
        (patron.chargedLimit !== null && charged !== null && charged >= patron.chargedLimit);
      if (atLimit) return { refusal: 'limit_reached', title: null };
      const item = await this.item(itemId);
      if (item === null) return { refusal: 'item_refused', title: null };
      if (item.title === null) return { refusal: 'unknown_item', title: null };
      if (item.circulationStatus === CIRCULATION_STATUS.waitingOnHoldShelf || (item.holdQueueLength ?? 0) > 0)
        return { refusal: 'on_hold', title: item.title };
      return { refusal: 'item_refused', title: item.title };
    } catch (e) {
      if (!(e instanceof LibraryError)) throw e;
      return { refusal: 'item_refused', title: null };
    }
  }
}

function password(patronPassword: string | undefined): { patronPassword?: string } {
  return patronPassword !== undefined ? { patronPassword } : {};
}
