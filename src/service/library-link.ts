import { sameLmsLink, type LmsLink } from '../core/lms-link';
import type { LibrarySystem } from '../core/library-system';
import type { LibraryLinkStatus } from '../contract/terminal-api';
import type { Log } from '../node/log/log';

/** The link's secrets, kept in the vault. */
export interface LmsSecrets {
  readonly password: string;
  readonly terminalPassword?: string;
}

/** Makes the client for a link (SIP2 today; tests and other protocols may give their own). */
export type LibrarySystemFactory = (link: LmsLink, secrets: LmsSecrets, log: Log) => LibrarySystem;

/**
 * The terminal's one connection to its venue's library system: made when the venue configuration
 * names one and a password is held, remade when either changes, closed when the link goes.
 */
export class LibraryLink {
  private current: { link: LmsLink; secrets: LmsSecrets; system: LibrarySystem } | null = null;

  constructor(
    private readonly deps: {
      readonly link: () => LmsLink | null;
      readonly secrets: () => LmsSecrets | null;
      readonly factory: LibrarySystemFactory;
      readonly log: Log;
    },
  ) {}

  /** The library system to ask, or null when the venue has none (or no password is held). */
  system(): LibrarySystem | null {
    const link = this.deps.link();
    const secrets = this.deps.secrets();
    if (link === null || secrets === null) {
      this.drop();
      return null;
    }
    if (
      this.current &&
      sameLmsLink(this.current.link, link) &&
      this.current.secrets.password === secrets.password &&
      this.current.secrets.terminalPassword === secrets.terminalPassword
    )
      return this.current.system;
    this.drop();
    const system = this.deps.factory(link, secrets, this.deps.log.child({ part: 'lms' }));
    this.current = { link, secrets, system };
    this.deps.log.info(
      { event: 'lms_link', host: link.host, port: link.port, tls: link.tls !== null },
      'library link set up',
    );
    return system;
  }

  status(): LibraryLinkStatus {
    const configured = this.deps.link() !== null;
    const passwordSet = this.deps.secrets() !== null;
    const state = configured ? this.system()?.link : undefined;
    if (!state || state.state === 'unknown')
      return { configured, state: 'unknown', since: null, problem: null, passwordSet };
    // The port counts in milliseconds, the contract in seconds.
    const since = state.since / 1000;
    if (state.state === 'up') return { configured, state: 'up', since, problem: null, passwordSet };
    return { configured, state: 'down', since, problem: state.problem, passwordSet };
  }

  private drop(): void {
    const old = this.current;
    this.current = null;
    old?.system
      .close()
      .catch((e: unknown) =>
        this.deps.log.warn({ event: 'lms_close_failed', detail: (e as Error).message }, 'library link did not close'),
      );
  }

  async close(): Promise<void> {
    const old = this.current;
    this.current = null;
    await old?.system.close();
  }
}
