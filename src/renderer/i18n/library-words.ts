import type { LibraryProblem, PatronBlock } from '../../core/library-system';
import type { BorrowRefusal } from '../../contract/terminal-api';
import type { Plural, ReasonText } from './catalogue';

/**
 * The library system's words (issue 12): the account line at the desk, borrowing at a
 * self-service kiosk, the link on Status and its password in Admin. A kiosk never shows why an
 * account is blocked, fines, the library system's message or a name: the desk does.
 */
export interface LibraryWords {
  // ---- At the desk, under the verdict
  /** While the library system is asked. */
  readonly checking: string;
  readonly accountOk: string;
  /** {blocks}: the blocks' names, joined. */
  readonly accountBlocked: string;
  /** Blocked, with no flag saying why. */
  readonly accountBlockedPlain: string;
  /** {blocks}: flags that do not stop borrowing, under "Library account OK". */
  readonly alsoBlocks: string;
  /** {name}: the name the library system holds, for staff to match with the card's. */
  readonly nameOnAccount: string;
  readonly blocks: Record<PatronBlock, string>;
  /** {amount}: the sum with its currency. */
  readonly fines: string;
  readonly overdue: Plural;
  /** The library system answered, but did not confirm the number as a valid patron. */
  readonly unknownPatron: string;
  readonly unreachable: string;
  /** {message}: the library system's own screen message. */
  readonly lmsSays: string;
  readonly accountLabel: string;

  // ---- At a self-service kiosk
  readonly youCanBorrow: string;
  readonly seeStaff: string;
  readonly notAvailable: string;
  readonly notAvailableNext: string;
  readonly borrowTitle: string;
  readonly borrowInstruction: string;
  /** {date}: the due date. */
  readonly dueBack: string;
  readonly noDueDate: string;
  readonly untitled: string;
  readonly refusals: Record<BorrowRefusal, ReasonText>;
  readonly itemsBorrowed: Plural;
  readonly myLoans: string;
  readonly loansTitle: string;
  readonly noLoans: string;
  readonly renewAll: string;
  readonly renewed: Plural;
  readonly notRenewed: Plural;
  readonly finish: string;
  readonly summaryTitle: string;
  readonly nothingBorrowed: string;
  readonly backToBorrowing: string;
  readonly working: string;
  /** Spoken after each item lent: {date}; never the title (others hear it). */
  readonly spokenBorrowed: Plural;
  /** Spoken at Finish: counts and the earliest due date only. */
  readonly spokenSummary: Plural;

  // ---- Status and Admin
  readonly linkTitle: string;
  readonly linkUp: string;
  readonly linkDown: string;
  readonly linkUnknown: string;
  readonly notConfigured: string;
  readonly noPassword: string;
  readonly problems: Record<LibraryProblem, string>;
  readonly password: string;
  readonly passwordHelp: string;
  readonly setPassword: string;
  readonly passwordSaved: string;
}
