import type { LmsLink } from '../core/lms-link';
import type { Log } from '../node/log/log';
import type { Sip2Options } from '../node/sip2/options';
import { Sip2LibrarySystem } from '../node/sip2/sip2-library-system';
import type { LibrarySystemFactory, LmsSecrets } from './library-link';

/** The SIP2 client's options for a venue's link (tests add their own, a short breaker cool-down say). */
export function sip2OptionsFor(link: LmsLink, secrets: LmsSecrets, log: Log): Sip2Options {
  return {
    host: link.host,
    port: link.port,
    ...(link.tls
      ? {
          tls: {
            ...(link.tls.ca !== null ? { ca: link.tls.ca } : {}),
            ...(link.tls.serverName !== null ? { serverName: link.tls.serverName } : {}),
          },
        }
      : {}),
    institution: link.institution,
    ...(link.location !== null ? { location: link.location } : {}),
    user: link.user,
    password: secrets.password,
    ...(secrets.terminalPassword !== undefined ? { terminalPassword: secrets.terminalPassword } : {}),
    ...(link.currency !== null ? { defaultCurrency: link.currency } : {}),
    charset: link.charset,
    lineEnding: link.lineEnding,
    errorDetection: link.errorDetection,
    timeoutMs: link.timeoutMs,
    log,
  };
}

/** The default way to the library system: SIP2 over TCP (TLS where the link says). */
export const sip2LibrarySystem: LibrarySystemFactory = (link, secrets, log) =>
  new Sip2LibrarySystem(sip2OptionsFor(link, secrets, log));
