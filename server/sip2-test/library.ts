/**
 * The test server's library in memory: patrons, items, loans. Checkouts and renewals change it,
 * as an LMS would; nothing is written anywhere.
 */
import type { PatronBlock } from '../../src/core/library-system';
import type { DemoItemSpec, DemoLibrarySpec, DemoPatronSpec } from './demo-library';

const DAY_MS = 86_400_000;

export interface LibraryLoan {
  readonly item: string;
  due: number;
}

export interface LibraryPatron extends DemoPatronSpec {
  readonly loanList: LibraryLoan[];
}

export type CheckoutOutcome =
  | { readonly ok: true; readonly due: number; readonly item: DemoItemSpec }
  | {
      readonly ok: false;
      readonly why: string;
      readonly item: DemoItemSpec | null;
      readonly alreadyOnCard: boolean;
    };

export class InMemoryLibrary {
  readonly patrons = new Map<string, LibraryPatron>();
  readonly items = new Map<string, DemoItemSpec>();

  constructor(
    readonly spec: DemoLibrarySpec,
    private readonly now: () => number,
  ) {
    const start = now();
    for (const p of spec.patrons)
      this.patrons.set(p.id, {
        ...p,
        loanList: p.loans.map((l) => ({ item: l.item, due: start + l.dueInDays * DAY_MS })),
      });
    for (const i of spec.items) this.items.set(i.id, i);
  }

  /** The patron's flags now: the fixed ones, and "too many charged" at the loan limit. */
  blocks(patron: LibraryPatron): PatronBlock[] {
    const blocks = new Set<PatronBlock>(patron.blocks);
    if (patron.loanList.length >= this.spec.loanLimit) blocks.add('too_many_charged');
    return [...blocks];
  }

  overdue(patron: LibraryPatron): LibraryLoan[] {
    const now = this.now();
    return patron.loanList.filter((l) => l.due < now);
  }

  borrower(itemId: string): LibraryPatron | null {
    for (const p of this.patrons.values()) if (p.loanList.some((l) => l.item === itemId)) return p;
    return null;
  }

  dueDate(itemId: string): number | null {
    return this.borrower(itemId)?.loanList.find((l) => l.item === itemId)?.due ?? null;
  }

  checkout(patron: LibraryPatron, itemId: string): CheckoutOutcome {
    const item = this.items.get(itemId) ?? null;
    const refuse = (why: string, alreadyOnCard = false): CheckoutOutcome => ({ ok: false, why, item, alreadyOnCard });
    if (!item) return refuse('Item not found');
    const borrower = this.borrower(itemId);
    if (borrower === patron) return refuse('Item already checked out to you', true);
    const blocks = this.blocks(patron);
    if (blocks.includes('charge_denied') || blocks.includes('card_reported_lost')) return refuse('Patron blocked');
    if (blocks.includes('too_many_overdue')) return refuse('Too many items overdue');
    if (blocks.includes('too_many_charged')) return refuse('Too many items checked out');
    if (item.notForLoan) return refuse('Item not for loan');
    if (borrower) return refuse('Item checked out to another patron');
    if (item.onHoldFor !== undefined && item.onHoldFor !== patron.id) return refuse('Item on hold for another patron');
    const due = this.now() + this.spec.loanDays * DAY_MS;
    patron.loanList.push({ item: itemId, due });
    return { ok: true, due, item };
  }

  renew(patron: LibraryPatron, itemId: string): { ok: boolean; due: number | null; why: string | null } {
    const loan = patron.loanList.find((l) => l.item === itemId);
    if (!loan) return { ok: false, due: null, why: 'Item not checked out to you' };
    if ((this.items.get(itemId)?.holdQueue ?? 0) > 0) return { ok: false, due: loan.due, why: 'Item has holds' };
    if (this.blocks(patron).includes('charge_denied')) return { ok: false, due: loan.due, why: 'Patron blocked' };
    loan.due = this.now() + this.spec.loanDays * DAY_MS;
    return { ok: true, due: loan.due, why: null };
  }
}
