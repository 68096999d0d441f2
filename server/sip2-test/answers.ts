/**
 * The test server's answers: one request message in, one answer message out, from the in-memory
 * library. Fixed fields are laid out as the SIP2 2.00 spec lists them.
 */
import { PATRON_BLOCKS, type PatronBlock } from '../../src/core/library-system';
import { formatSip2Date } from '../../src/core/sip2/date';
import { fieldValue, type Sip2Field, type Sip2Message } from '../../src/core/sip2/message';
import { formatSupportedMessages } from '../../src/core/sip2/status';
import type { Dialect } from './dialect';
import type { InMemoryLibrary, LibraryPatron } from './library';

function flags(blocks: readonly PatronBlock[]): string {
  return PATRON_BLOCKS.map((b) => (blocks.includes(b) ? 'Y' : ' ')).join('');
}

function count(n: number): string {
  return String(n).padStart(4, '0');
}

function field(id: string, value: string | null | undefined): Sip2Field[] {
  return value === null || value === undefined ? [] : [{ id, value }];
}

export interface Session {
  loggedIn: boolean;
}

export class Answers {
  constructor(
    private readonly library: InMemoryLibrary,
    private readonly dialect: Dialect,
    private readonly now: () => number,
  ) {}

  /** The answer to a request, or null for messages the server does not answer (none yet). */
  answer(request: Sip2Message, session: Session): Sip2Message {
    const date = formatSip2Date(this.now());
    switch (request.id) {
      case '93':
        return this.login(request, session);
      case '99':
        return this.status(date);
      case '63':
        return this.dialect.patronInformation
          ? this.patronInformation(request, date)
          : { id: '96', fixed: '', fields: [] };
      case '23':
        return this.patronStatus(request, date);
      case '11':
        return this.checkout(request, date);
      case '29':
        return this.renew(request, date);
      case '17':
        return this.dialect.itemInformation ? this.itemInformation(request, date) : { id: '96', fixed: '', fields: [] };
      default:
        return { id: '96', fixed: '', fields: [] };
    }
  }

  private login(request: Sip2Message, session: Session): Sip2Message {
    const spec = this.library.spec;
    const ok =
      !this.dialect.refuseLogin &&
      fieldValue(request, 'CN') === spec.user &&
      fieldValue(request, 'CO') === spec.password;
    session.loggedIn = ok;
    return { id: '94', fixed: ok ? '1' : '0', fields: [] };
  }

  private status(date: string): Sip2Message {
    const bx = formatSupportedMessages({
      patronStatus: true,
      checkout: true,
      status: true,
      requestResend: true,
      login: true,
      patronInformation: this.dialect.patronInformation,
      itemInformation: this.dialect.itemInformation,
      renew: true,
    });
    // On-line, checkin N, checkout Y, renewal policy Y, status update N, off-line N,
    // timeout 030 (3 s), retries 003, date/time, protocol 2.00.
    return {
      id: '98',
      fixed: 'YNYYNN' + '030' + '003' + date + '2.00',
      fields: [
        { id: 'AO', value: this.library.spec.institution },
        { id: 'AM', value: this.library.spec.libraryName },
        { id: 'BX', value: bx },
      ],
    };
  }

  private patronFields(patron: LibraryPatron | null, request: Sip2Message): Sip2Field[] {
    const spec = this.library.spec;
    const id = fieldValue(request, 'AA') ?? '';
    const password = fieldValue(request, 'AD');
    if (!patron)
      return [
        { id: 'AO', value: spec.institution },
        { id: 'AA', value: id },
        { id: 'AE', value: '' },
        { id: 'BL', value: 'N' },
        ...field('CQ', password === null ? null : 'N'),
        { id: 'AF', value: 'Patron not found' },
      ];
    return [
      { id: 'AO', value: spec.institution },
      { id: 'AA', value: id },
      { id: 'AE', value: patron.name },
      { id: 'BL', value: 'Y' },
      ...field('CQ', password === null ? null : password === patron.password ? 'Y' : 'N'),
      ...field('BH', patron.fines?.currency),
      ...field('BV', patron.fines?.amount),
      ...field('AF', patron.screenMessage),
    ];
  }

  private patronOf(request: Sip2Message): LibraryPatron | null {
    return this.library.patrons.get(fieldValue(request, 'AA') ?? '') ?? null;
  }

  private patronInformation(request: Sip2Message, date: string): Sip2Message {
    const patron = this.patronOf(request);
    const summary = request.fixed.slice(21, 31);
    const blocks = patron ? this.library.blocks(patron) : [];
    const loans = patron?.loanList ?? [];
    const overdue = patron ? this.library.overdue(patron) : [];
    const base = this.patronFields(patron, request);
    // The items go before AF, as the spec orders the fields.
    const screen = base.filter((f) => f.id === 'AF');
    const items: Sip2Field[] = [];
    if (summary.charAt(1) === 'Y') items.push(...overdue.map((l) => ({ id: 'AT', value: l.item })));
    if (summary.charAt(2) === 'Y') items.push(...loans.map((l) => ({ id: 'AU', value: l.item })));
    return {
      id: '64',
      fixed:
        flags(blocks) +
        '001' +
        date +
        count(0) +
        count(overdue.length) +
        count(loans.length) +
        count(patron?.fines ? 1 : 0) +
        count(0) +
        count(0),
      fields: [
        ...base.filter((f) => f.id !== 'AF'),
        ...(patron ? [{ id: 'CB', value: count(this.library.spec.loanLimit) }] : []),
        ...items,
        ...screen,
      ],
    };
  }

  private patronStatus(request: Sip2Message, date: string): Sip2Message {
    const patron = this.patronOf(request);
    return {
      id: '24',
      fixed: flags(patron ? this.library.blocks(patron) : []) + '001' + date,
      fields: this.patronFields(patron, request),
    };
  }

  private checkout(request: Sip2Message, date: string): Sip2Message {
    const spec = this.library.spec;
    const patron = this.patronOf(request);
    const itemId = fieldValue(request, 'AB') ?? '';
    const head = [
      { id: 'AO', value: spec.institution },
      { id: 'AA', value: fieldValue(request, 'AA') ?? '' },
      { id: 'AB', value: itemId },
    ];
    const password = fieldValue(request, 'AD');
    if (!patron || (password !== null && password !== patron.password))
      return {
        id: '12',
        fixed: '0NUN' + date,
        fields: [...head, { id: 'AJ', value: '' }, { id: 'AF', value: 'Invalid patron' }],
      };
    const outcome = this.library.checkout(patron, itemId);
    if (!outcome.ok)
      return {
        id: '12',
        // Renewal ok Y: the item is already this patron's (the spec's meaning of the field).
        fixed: '0' + (outcome.alreadyOnCard ? 'Y' : 'N') + 'NN' + date,
        fields: [
          ...head,
          { id: 'AJ', value: outcome.item?.title ?? '' },
          { id: 'AH', value: '' },
          { id: 'AF', value: outcome.why },
        ],
      };
    return {
      id: '12',
      fixed: '1NNY' + date,
      fields: [...head, { id: 'AJ', value: outcome.item.title }, { id: 'AH', value: formatSip2Date(outcome.due) }],
    };
  }

  private renew(request: Sip2Message, date: string): Sip2Message {
    const patron = this.patronOf(request);
    const itemId = fieldValue(request, 'AB') ?? '';
    const title = this.library.items.get(itemId)?.title ?? '';
    const result = patron ? this.library.renew(patron, itemId) : { ok: false, due: null, why: 'Invalid patron' };
    return {
      id: '30',
      fixed: (result.ok ? '1Y' : '0N') + 'NN' + date,
      fields: [
        { id: 'AO', value: this.library.spec.institution },
        { id: 'AA', value: fieldValue(request, 'AA') ?? '' },
        { id: 'AB', value: itemId },
        { id: 'AJ', value: title },
        ...field('AH', result.due === null ? null : formatSip2Date(result.due)),
        ...field('AF', result.why),
      ],
    };
  }

  private itemInformation(request: Sip2Message, date: string): Sip2Message {
    const itemId = fieldValue(request, 'AB') ?? '';
    const item = this.library.items.get(itemId);
    if (!item)
      return {
        id: '18',
        fixed: '01' + '00' + '01' + date,
        fields: [
          { id: 'AB', value: itemId },
          { id: 'AJ', value: '' },
          { id: 'AF', value: 'Item not found' },
        ],
      };
    const due = this.library.dueDate(itemId);
    const status = due !== null ? '04' : item.onHoldFor !== undefined ? '08' : '03';
    return {
      id: '18',
      fixed: status + '00' + '01' + date,
      fields: [
        { id: 'CF', value: String(item.holdQueue ?? (item.onHoldFor !== undefined ? 1 : 0)) },
        ...field('AH', due === null ? null : formatSip2Date(due)),
        { id: 'AB', value: itemId },
        { id: 'AJ', value: item.title },
        { id: 'AQ', value: 'CENTRAL' },
        ...field('AF', item.notForLoan ? 'Reference only' : null),
      ],
    };
  }
}
