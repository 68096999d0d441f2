import { LibraryError, type LibrarySystem, type Loan } from '../core/library-system';
import type { BorrowedItem, LibrarySession, LoanView, TerminalApiEvent } from '../contract/terminal-api';
import { ApiError } from '../contract/validate';
import type { Log } from '../node/log/log';
import { uuid7 } from '../node/store/uuid7';
import type { LibraryLink } from './library-link';

/** What an item barcode can be: printable ASCII (Code 128, Codabar, Code 39 labels), and short. */
const ITEM_LABEL = /^[\x21-\x7e]{1,64}$/;

/** A session nobody touched for this long ends by itself (the resident walked away). */
export const DEFAULT_SESSION_IDLE_MS = 120_000;

interface OpenSession {
  readonly id: string;
  readonly patron: string;
  readonly startedAt: number;
  readonly items: BorrowedItem[];
  /** Checkouts asked and not yet answered, by item: a second read of one waits for the first. */
  readonly pending: Map<string, Promise<void>>;
  readonly canListLoans: boolean;
  readonly canRenew: boolean;
  idle: ReturnType<typeof setTimeout> | null;
}

/** Where a scan during a session came from: an NFC read is a card's identifier, never an item. */
export type ItemScan = { readonly text: string; readonly fromNfc: boolean };

/**
 * Self-service borrowing (issue 12): one resident at a time, from their accepted card to Finish
 * or a time-out. The patron's number lives here, in memory, for the session only; ending it
 * forgets everything. Every scan during a session is an item.
 */
export class LibrarySessions {
  private open: OpenSession | null = null;

  constructor(
    private readonly deps: {
      readonly link: LibraryLink;
      readonly emit: (event: TerminalApiEvent) => void;
      readonly now: () => number;
      readonly idleMs: number;
      /** The session ended: whatever else remembers the resident's card forgets it too. */
      readonly onEnd: () => void;
      readonly log: Log;
    },
  ) {}

  get active(): boolean {
    return this.open !== null;
  }

  /**
   * Opens the session of a resident whose card was accepted and who may borrow. While one is open
   * it stays the only one: a second card read (the camera and the handheld on one card, a page a
   * moment behind) never replaces it and loses what was scanned.
   */
  async start(patron: string): Promise<void> {
    if (this.open !== null) return;
    const system = this.deps.link.system();
    if (system === null) return;
    const caps = await system.capabilities().catch(() => null);
    if (this.open !== null) return;
    this.open = {
      id: uuid7(this.deps.now() * 1000),
      patron,
      startedAt: this.deps.now(),
      items: [],
      pending: new Map(),
      canListLoans: caps?.patronInformation ?? false,
      canRenew: (caps?.patronInformation ?? false) && (caps?.renew ?? false),
      idle: null,
    };
    this.touch();
    this.deps.log.info({ event: 'library_session', id: this.open.id, state: 'open' }, 'borrowing session opened');
    this.announce();
  }

  view(): LibrarySession | null {
    const s = this.open;
    if (s === null) return null;
    return {
      id: s.id,
      startedAt: s.startedAt,
      items: [...s.items],
      canListLoans: s.canListLoans,
      canRenew: s.canRenew,
    };
  }

  async borrow(scan: ItemScan): Promise<LibrarySession> {
    const s = this.session();
    const itemId = scan.text.trim();
    // Not an item label (a card's token, an NFC tag's identifier, a stray code): nothing is
    // asked, and the code is not kept.
    if (scan.fromNfc || !ITEM_LABEL.test(itemId)) {
      s.items.push({ ok: false, itemId: '', title: null, refusal: 'unknown_item' });
      this.touch();
      this.announce();
      return this.view()!;
    }
    // A scanner that reads the label twice: one checkout, one line.
    const asked = s.pending.get(itemId);
    if (asked) {
      await asked;
      return this.view() ?? this.ended();
    }
    if (s.items.some((i) => i.ok && i.itemId === itemId)) return this.view()!;
    const checkout = this.checkout(s, this.system(), itemId);
    s.pending.set(itemId, checkout);
    try {
      await checkout;
    } finally {
      s.pending.delete(itemId);
    }
    return this.view() ?? this.ended();
  }

  /** One checkout, its outcome logged and added to the session's list whatever happens meanwhile. */
  private async checkout(s: OpenSession, system: LibrarySystem, itemId: string): Promise<void> {
    let item: BorrowedItem;
    try {
      const answer = await system.checkout(s.patron, itemId);
      item = answer.ok
        ? { ok: true, itemId, title: answer.loan.title, dueDate: answer.loan.dueDate }
        : { ok: false, itemId, title: answer.title, refusal: answer.refusal };
    } catch (e) {
      if (!(e instanceof LibraryError)) throw e;
      // Unconfirmed: the library system may or may not have lent it (a connection lost mid-answer).
      item = { ok: false, itemId, title: null, refusal: 'lms_unavailable' };
    }
    s.items.push(item);
    this.deps.log.info(
      { event: 'checkout', session: s.id, ok: item.ok, refusal: item.ok ? null : item.refusal },
      item.ok ? 'item lent' : 'item refused',
    );
    if (this.open === s) {
      this.touch();
      this.announce();
    }
  }

  async loans(): Promise<{ loans: LoanView[] }> {
    const s = this.session();
    const loans = await this.ask(() => this.system().loans(s.patron));
    this.touch();
    return { loans: loans.map(loanView) };
  }

  async renewAll(): Promise<{ renewed: LoanView[]; refused: LoanView[] }> {
    const s = this.session();
    const answer = await this.ask(() => this.system().renewAll(s.patron));
    this.deps.log.info(
      { event: 'renew_all', session: s.id, renewed: answer.renewed.length, refused: answer.refused.length },
      'loans renewed',
    );
    this.touch();
    return { renewed: answer.renewed.map(loanView), refused: answer.refused.map(loanView) };
  }

  /**
   * Finish: waits for the checkouts still under way (their books are on the card either way), then
   * ends the session and returns what it lent and refused, for the summary.
   */
  async finish(): Promise<{ items: BorrowedItem[] }> {
    const s = this.open;
    if (s === null) return { items: [] };
    while (s.pending.size > 0) await Promise.allSettled([...s.pending.values()]);
    const items = [...s.items];
    this.end('finished');
    return { items };
  }

  /** Ends the session (a time-out, the terminal closing): nothing of it remains. */
  end(why: 'finished' | 'idle' | 'closed'): void {
    const s = this.open;
    if (s === null) return;
    if (s.idle) clearTimeout(s.idle);
    this.open = null;
    this.deps.log.info(
      { event: 'library_session', id: s.id, state: 'ended', why, unanswered: s.pending.size },
      'borrowing session ended',
    );
    this.deps.onEnd();
    this.deps.emit({ type: 'library-session', session: null });
  }

  private session(): OpenSession {
    if (this.open === null) throw new ApiError('no_session', 'No borrowing session is open.');
    return this.open;
  }

  private ended(): never {
    throw new ApiError('no_session', 'The borrowing session has ended.');
  }

  private system(): LibrarySystem {
    const system = this.deps.link.system();
    if (system === null) throw new ApiError('lms_unavailable', 'No library system is linked.');
    return system;
  }

  /** A question to the library system; its silence is the resident's "not available right now". */
  private async ask<T>(question: () => Promise<T>): Promise<T> {
    try {
      return await question();
    } catch (e) {
      if (e instanceof LibraryError) throw new ApiError('lms_unavailable', e.message, e.problem);
      throw e;
    }
  }

  private touch(): void {
    const s = this.open;
    if (s === null) return;
    if (s.idle) clearTimeout(s.idle);
    s.idle = setTimeout(() => {
      if (this.open === s) this.end('idle');
    }, this.deps.idleMs);
    s.idle.unref?.();
  }

  private announce(): void {
    this.deps.emit({ type: 'library-session', session: this.view() });
  }
}

function loanView(l: Loan): LoanView {
  return { title: l.title, dueDate: l.dueDate };
}
