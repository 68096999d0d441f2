/**
 * The library system in the TerminalApi (issue 12): the account line a result gets, a resident's
 * borrowing session at a self-service kiosk, and the link's state for Status. Re-exported by
 * terminal-api.ts, the one contract the hosts serve.
 */
import type { CheckoutRefusal, LibraryProblem, PatronBlock } from '../core/library-system';

/**
 * What the library system said about a patron, for the screen of the terminal's role: a desk
 * gets the account's state and the name it holds (to match against the card), a self-service
 * kiosk only whether the resident can borrow (others may see the screen).
 */
export type LibraryAccount =
  | { readonly answered: false; readonly problem: LibraryProblem }
  | { readonly answered: true; readonly canBorrow: boolean; readonly desk: DeskAccount | null };

export interface DeskAccount {
  /** The library system confirmed the number as a valid patron (`BL` Y). */
  readonly known: boolean;
  /** The name the library system holds, for staff to match against the card's. */
  readonly name: string | null;
  readonly blocks: readonly PatronBlock[];
  readonly fines: { readonly amount: number; readonly currency: string } | null;
  readonly overdue: number | null;
  /** The library system's own message for staff. */
  readonly screenMessage: string | null;
}

/** One item of a self-service borrowing session: checked out (title, due date) or refused. */
export type BorrowedItem =
  | { readonly ok: true; readonly itemId: string; readonly title: string | null; readonly dueDate: string | null }
  | { readonly ok: false; readonly itemId: string; readonly title: string | null; readonly refusal: BorrowRefusal };

/** Why an item was not lent: the LMS's refusals, or no answer from it. */
export type BorrowRefusal = CheckoutRefusal | 'lms_unavailable';

/**
 * A resident's borrowing session at a self-service kiosk, from the card accepted to Finish (or a
 * time-out). Held by the service, in memory only; every scan during it is an item.
 */
export interface LibrarySession {
  readonly id: string;
  readonly startedAt: number;
  readonly items: readonly BorrowedItem[];
  /** What the library system offers here (its supported messages). */
  readonly canListLoans: boolean;
  readonly canRenew: boolean;
}

export interface LoanView {
  readonly title: string | null;
  readonly dueDate: string | null;
}

/** The link to the library system, for Status. */
export interface LibraryLinkStatus {
  readonly configured: boolean;
  readonly state: 'unknown' | 'up' | 'down';
  readonly since: number | null;
  readonly problem: LibraryProblem | null;
  /** A password for the library system is held (sealed). */
  readonly passwordSet: boolean;
}
