import { LibraryError, type PatronAccount } from '../core/library-system';
import type { LibraryAccount, ScanResult, TerminalApiEvent } from '../contract/terminal-api';
import type { Log } from '../node/log/log';
import type { LibraryLink } from './library-link';

/**
 * A lookup is given up after this many of the link's timeouts, plus a second: on a fresh link it
 * is three exchanges (login, status, patron), each with its own timeout. The port promises none
 * hangs; this is the service's own guarantee that the screen stops waiting.
 */
const EXCHANGES = 3;
const GRACE_MS = 1000;
/**
 * ... and never later than this: the page stops waiting for the line soon after (ResultScreen's
 * ACCOUNT_WAIT_MAX_MS), and a kiosk must not open a borrowing session for a resident who has gone.
 */
export const LOOKUP_MAX_MS = 10_000;

/**
 * The account line after a verdict (issue 12): the patron's library number is looked up in the
 * library system while the verdict is already on screen. The answer never changes the verdict;
 * it arrives as a `library-account` event for the result, worded for the terminal's role.
 * Nothing the library system says is kept: the scan log learns only whether it answered.
 */
export class LibraryAccounts {
  constructor(
    private readonly deps: {
      readonly link: LibraryLink;
      readonly emit: (event: TerminalApiEvent) => void;
      /** Records whether the lookup of a logged scan answered (not for repeats: nothing new was logged). */
      readonly markAnswered: (eventId: string, answered: boolean) => void;
      /** A self-service resident who may borrow: the borrowing session opens. */
      readonly mayBorrow: (patron: string) => void;
      readonly timeoutMs: () => number;
      readonly log: Log;
    },
  ) {}

  /**
   * Whether a lookup will follow this result: a card check (not an offer) with a patron number and
   * a library system linked; at a desk after a valid or limited verdict, at a self-service kiosk
   * only after a valid one (borrowing follows a valid card). A repeat read is looked up again (its
   * result is shown again, with its line); opening a session is idempotent.
   */
  wanted(result: ScanResult, patron: string | null, selfService: boolean): boolean {
    if (patron === null || result.offer !== null) return false;
    const verdicts = selfService ? ['valid'] : ['valid', 'limited'];
    if (!verdicts.includes(result.outcome)) return false;
    return this.deps.link.system() !== null;
  }

  /** Looks the patron up and announces the answer; never rejects. */
  async lookUp(result: ScanResult, patron: string, selfService: boolean): Promise<void> {
    const system = this.deps.link.system();
    if (system === null) return;
    const started = Date.now();
    let account: LibraryAccount;
    try {
      const deadline = Math.min(EXCHANGES * this.deps.timeoutMs() + GRACE_MS, LOOKUP_MAX_MS);
      const answer = await withDeadline(system.patron(patron), deadline);
      // A kiosk says "You can borrow" only where the library system lets it lend (Checkout in BX).
      const lends = !selfService || (await system.capabilities()).checkout;
      account = accountFor(lends ? answer : { ...answer, canBorrow: false }, selfService);
      // Whether it answered and how fast: never what it said (the log line is tied to the scan).
      this.deps.log.info(
        { event: 'lms_lookup', id: result.eventId, answered: true, ms: Date.now() - started },
        'library account looked up',
      );
    } catch (e) {
      const problem = e instanceof LibraryError ? e.problem : 'lms_unreachable';
      if (!(e instanceof LibraryError))
        this.deps.log.error({ event: 'lms_lookup_failed', id: result.eventId, detail: (e as Error).message }, 'failed');
      else this.deps.log.warn({ event: 'lms_lookup', id: result.eventId, answered: false, problem }, 'no answer');
      account = { answered: false, problem };
    }
    if (!result.repeat) {
      try {
        this.deps.markAnswered(result.eventId, account.answered);
      } catch (e) {
        // The scan itself is stored; only this flag is lost (a full disk): say so, carry on.
        this.deps.log.error({ event: 'lms_mark_failed', detail: (e as Error).message }, 'lookup flag not stored');
      }
    }
    this.deps.emit({ type: 'library-account', eventId: result.eventId, account });
    // Borrowing follows a valid card only; a second read of it opens nothing more (start is a no-op then).
    if (selfService && account.answered && account.canBorrow && result.outcome === 'valid') this.deps.mayBorrow(patron);
  }
}

/** The account as the role may see it: a kiosk learns only whether the resident can borrow. */
function accountFor(a: PatronAccount, selfService: boolean): LibraryAccount {
  if (selfService) return { answered: true, canBorrow: a.canBorrow, desk: null };
  return {
    answered: true,
    canBorrow: a.canBorrow,
    desk: {
      known: a.valid,
      name: a.name,
      blocks: a.blocks,
      fines: a.fines,
      overdue: a.overdueCount,
      screenMessage: a.screenMessage,
    },
  };
}

function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new LibraryError('lms_unreachable', `no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
