import type {
  BorrowedItem,
  LibraryLinkStatus,
  LibrarySession,
  LoanView,
  ScanResult,
  TerminalApiEvent,
} from '../contract/terminal-api';
import type { TerminalParts } from './compose';
import { LibraryAccounts } from './library-accounts';
import { LibraryLink } from './library-link';
import { DEFAULT_SESSION_IDLE_MS, LibrarySessions } from './library-sessions';
import type { PipelineOutcome } from './scan-pipeline';
import { sip2LibrarySystem } from './sip2-library-system';

/**
 * The terminal's side of the library system (issue 12), composed once: the link, the account
 * line after a verdict, and self-service borrowing. The facade (TerminalService) asks it what a
 * scan's result says about a lookup, routes reads to it during a borrowing session, and serves
 * its operations.
 */
export class TerminalLibrary {
  private readonly link: LibraryLink;
  private readonly accounts: LibraryAccounts;
  private readonly sessions: LibrarySessions;

  constructor(
    private readonly parts: TerminalParts,
    deps: {
      readonly emit: (event: TerminalApiEvent) => void;
      /** A session ended: forget the earlier results kept for the repeat window (they hold the patron's number). */
      readonly forgetRecentResults: () => void;
    },
  ) {
    const { trust, vault, system, scans, log, options } = parts;
    this.link = new LibraryLink({
      link: () => trust.venue.lms,
      secrets: () => {
        const password = vault.get('lmsPassword');
        if (password === undefined) return null;
        const terminalPassword = vault.get('lmsTerminalPassword');
        return { password, ...(terminalPassword !== undefined ? { terminalPassword } : {}) };
      },
      factory: options.librarySystem ?? sip2LibrarySystem,
      log,
    });
    this.sessions = new LibrarySessions({
      link: this.link,
      emit: deps.emit,
      now: () => system.now(),
      idleMs: options.librarySessionIdleMs ?? DEFAULT_SESSION_IDLE_MS,
      onEnd: deps.forgetRecentResults,
      log,
    });
    this.accounts = new LibraryAccounts({
      link: this.link,
      emit: deps.emit,
      markAnswered: (eventId, answered) => scans.markLibraryLookup(eventId, answered),
      mayBorrow: (patron) => void this.sessions.start(patron),
      timeoutMs: () => trust.venue.lms?.timeoutMs ?? 3000,
      log,
    });
  }

  /**
   * A scan's result as the screens get it (`libraryLookup` set when an account line will follow),
   * and the lookup to start once the result is announced. The patron's number stays here.
   */
  afterScan(outcome: PipelineOutcome): { result: ScanResult; lookUp: () => void } {
    const selfService = this.selfService();
    const patron = outcome.patron;
    if (patron === null || !this.accounts.wanted(outcome.result, patron, selfService))
      return { result: outcome.result, lookUp: () => undefined };
    const result = { ...outcome.result, libraryLookup: true };
    return { result, lookUp: () => void this.accounts.lookUp(result, patron, selfService) };
  }

  /** A kiosk residents use themselves (by setting, or the venue's role): no personal data on screen. */
  private selfService(): boolean {
    const venue = this.parts.trust.venue;
    return venue.role === 'self_service' || this.parts.staffSettings.read(venue).selfService;
  }

  /** During a resident's borrowing session every read is an item (labels may look like cards). */
  get borrowing(): boolean {
    return this.sessions.active;
  }

  /** A read during a session; one from an NFC reader (serial, or typed with its prefix) is a card's identifier. */
  borrow(text: string, fromNfc: boolean): Promise<LibrarySession> {
    const prefix = this.parts.staffSettings.read(this.parts.trust.venue).nfcPrefix;
    return this.sessions.borrow({ text, fromNfc: fromNfc || (prefix !== '' && text.startsWith(prefix)) });
  }

  /** The library system's password, sealed in the vault; audited without its value. */
  setPassword(password: string): void {
    const { vault, audit, system, log } = this.parts;
    vault.set({ lmsPassword: password });
    audit.record(system.now(), 'lms_password_set', {});
    log.info({ event: 'lms_password_set' }, 'library system password set');
  }

  loans(): Promise<{ loans: LoanView[] }> {
    return this.sessions.loans();
  }

  renewAll(): Promise<{ renewed: LoanView[]; refused: LoanView[] }> {
    return this.sessions.renewAll();
  }

  finish(): Promise<{ items: BorrowedItem[] }> {
    return this.sessions.finish();
  }

  session(): LibrarySession | null {
    return this.sessions.view();
  }

  status(): LibraryLinkStatus {
    return this.link.status();
  }

  /** The terminal is wiped or closing: no session survives it. */
  endSession(): void {
    this.sessions.end('closed');
  }

  async close(): Promise<void> {
    this.sessions.end('closed');
    await this.link.close();
  }
}
