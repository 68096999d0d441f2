/**
 * The library management system (LMS) as the terminal sees it, whatever protocol reaches it
 * (SIP2 today: src/core/sip2 is the codec, src/node/sip2 the client). Pure types: the service
 * takes an implementation as a port, so the desk's account line and the self-service borrowing
 * are built and tested against the real client and the in-repo test server alike.
 *
 * Nothing here is stored by the terminal: an account is shown and forgotten (issue 12).
 */

/** The 14 patron status flags of SIP2 (Patron Status / Information, in order), by name. */
export const PATRON_BLOCKS = [
  'charge_denied',
  'renewal_denied',
  'recall_denied',
  'hold_denied',
  'card_reported_lost',
  'too_many_charged',
  'too_many_overdue',
  'too_many_renewals',
  'too_many_claims_returned',
  'too_many_lost',
  'excessive_fines',
  'excessive_fees',
  'recall_overdue',
  'too_many_billed',
] as const;
export type PatronBlock = (typeof PATRON_BLOCKS)[number];

/**
 * The flags that stop a checkout (decision 90). The others concern renewals, recalls, holds and
 * billing: the desk shows them, but they do not stop borrowing.
 */
export const BORROWING_BLOCKS: readonly PatronBlock[] = [
  'charge_denied',
  'card_reported_lost',
  'too_many_charged',
  'too_many_overdue',
  'too_many_claims_returned',
  'too_many_lost',
  'excessive_fines',
  'excessive_fees',
];

/** A patron's account as the LMS reports it, for the desk's account line. */
export interface PatronAccount {
  /** The LMS knows the patron and says the patron is valid (SIP2 `BL` Y). */
  readonly valid: boolean;
  /** The patron's password was right (`CQ`), or null when none was given or checked. */
  readonly passwordValid: boolean | null;
  /** The name the LMS holds (`AE`): shown to desk staff only, never on a self-service screen. */
  readonly name: string | null;
  /** Valid, and none of the blocks that stop borrowing (charge denied, card reported lost...). */
  readonly canBorrow: boolean;
  readonly blocks: readonly PatronBlock[];
  /** Fines and fees owed (`BV`, currency `BH`, ISO 4217), or null when none or not reported. */
  readonly fines: { readonly amount: number; readonly currency: string } | null;
  /** Items overdue and charged (counts of the fixed fields), null when the LMS did not say. */
  readonly overdueCount: number | null;
  readonly chargedCount: number | null;
  /** The LMS's own message to show (`AF`), for staff. */
  readonly screenMessage: string | null;
}

/** One item on a patron's card. */
export interface Loan {
  readonly itemId: string;
  readonly title: string | null;
  /** The due date as a calendar date (YYYY-MM-DD) where the LMS gave one that parses, else null. */
  readonly dueDate: string | null;
}

/** Why a checkout was refused, as far as the terminal can tell without guessing. */
export type CheckoutRefusal =
  /** The item is already on this patron's card. */
  | 'already_on_card'
  /** The patron may not borrow more (too many charged). */
  | 'limit_reached'
  /** The patron may not borrow at all now (blocked). */
  | 'patron_blocked'
  /** The item waits on the hold shelf or is reserved for someone else. */
  | 'on_hold'
  /** The LMS does not know the item. */
  | 'unknown_item'
  /** The LMS refused the item for another reason (not for loan, reference only...): SIP2 gives no code. */
  | 'item_refused';

export type CheckoutAnswer =
  | { readonly ok: true; readonly loan: Loan; readonly screenMessage: string | null }
  | {
      readonly ok: false;
      readonly itemId: string;
      readonly refusal: CheckoutRefusal;
      readonly title: string | null;
      readonly screenMessage: string | null;
    };

export interface RenewAllAnswer {
  readonly renewed: readonly Loan[];
  readonly refused: readonly Loan[];
}

/** What the LMS allows (from SIP2's supported-messages map): the screens offer only these. */
export interface LibraryCapabilities {
  readonly patronInformation: boolean;
  readonly checkout: boolean;
  readonly renew: boolean;
  readonly renewAll: boolean;
}

/** The link's state, for Status: never contacted, answering, or not reachable (and since when, in epoch milliseconds). */
export type LibraryLinkState =
  | { readonly state: 'unknown' }
  | { readonly state: 'up'; readonly since: number }
  | { readonly state: 'down'; readonly since: number; readonly problem: LibraryProblem };

/** Why the LMS did not answer: the command line's error names too. */
export type LibraryProblem = 'lms_unreachable' | 'lms_login_refused' | 'lms_protocol';

/** Thrown (rejected) by a LibrarySystem when the LMS did not answer as it should. */
export class LibraryError extends Error {
  constructor(
    readonly problem: LibraryProblem,
    message: string,
  ) {
    super(message);
    this.name = 'LibraryError';
  }
}

/**
 * The LMS port. Every call may reject with LibraryError; none ever hangs (each has a timeout,
 * and a link that is down fails at once until it is tried again).
 */
export interface LibrarySystem {
  patron(libraryNumber: string, patronPassword?: string): Promise<PatronAccount>;
  loans(libraryNumber: string, patronPassword?: string): Promise<readonly Loan[]>;
  checkout(libraryNumber: string, itemId: string, patronPassword?: string): Promise<CheckoutAnswer>;
  renewAll(libraryNumber: string, patronPassword?: string): Promise<RenewAllAnswer>;
  capabilities(): Promise<LibraryCapabilities>;
  readonly link: LibraryLinkState;
  close(): Promise<void>;
}
