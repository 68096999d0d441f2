import { ApiError } from '../contract/validate';
import type { StartupProblem, TerminalApi } from '../contract/terminal-api';

/**
 * The TerminalApi of a terminal that could not start: both hosts serve it in place of the
 * terminal service, so the page shows an out-of-order screen with words for the problem instead
 * of a blank kiosk. Every operation refuses with `not_started` and the problem as its detail;
 * the cause itself is in the terminal's log.
 */
export class OutOfOrderTerminal implements TerminalApi {
  constructor(
    readonly problem: StartupProblem,
    private readonly message: string,
  ) {}

  private refuse(): Promise<never> {
    return Promise.reject(new ApiError('not_started', `The terminal could not start: ${this.message}`, this.problem));
  }

  getStatus = (): Promise<never> => this.refuse();
  recentScans = (): Promise<never> => this.refuse();
  submitScan = (): Promise<never> => this.refuse();
  submitManualEntry = (): Promise<never> => this.refuse();
  getSettings = (): Promise<never> => this.refuse();
  updateSettings = (): Promise<never> => this.refuse();
  unlock = (): Promise<never> => this.refuse();
  lock = (): Promise<never> => this.refuse();
  setPin = (): Promise<never> => this.refuse();
  undoRedemption = (): Promise<never> => this.refuse();
  listDevices = (): Promise<never> => this.refuse();
  syncNow = (): Promise<never> => this.refuse();
  callStaff = (): Promise<never> => this.refuse();
  resetTrustedClock = (): Promise<never> => this.refuse();
  enrol = (): Promise<never> => this.refuse();
  setLibraryPassword = (): Promise<never> => this.refuse();
  borrowItem = (): Promise<never> => this.refuse();
  myLoans = (): Promise<never> => this.refuse();
  renewAll = (): Promise<never> => this.refuse();
  endLibrarySession = (): Promise<never> => this.refuse();
  getLibrarySession = (): Promise<never> => this.refuse();
  subscribe = (): (() => void) => () => undefined;
}
