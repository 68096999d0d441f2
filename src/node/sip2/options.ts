/** How a terminal reaches its LMS's SIP2 server (docs/libraries.md describes each option). */
import type { Sip2Charset } from '../../core/sip2/charsets';
import type { LineEnding } from '../../core/sip2/message';
import type { Log } from '../log/log';
import type { Sip2Target } from './connection';

export interface Sip2Options extends Sip2Target {
  /** `AO`: the institution id the LMS's SIP account is set up for. */
  readonly institution: string;
  /** `CP` in the login: the terminal's location code, where the LMS wants one. */
  readonly location?: string;
  /** The SIP account (login `CN`/`CO`), not a patron's. */
  readonly user: string;
  readonly password: string;
  /** `AC` in patron and item requests, where the LMS asks for one (default empty). */
  readonly terminalPassword?: string;
  readonly charset: Sip2Charset;
  readonly lineEnding: LineEnding;
  /** Sequence numbers and checksums (`AY`/`AZ`), as the server is set. */
  readonly errorDetection: boolean;
  /** Per connection attempt and per answer awaited (default 3000 ms). */
  readonly timeoutMs?: number;
  /** How long calls fail at once after the LMS was found down (default 30 000 ms). */
  readonly breakerCooldownMs?: number;
  /** Fines' currency when the LMS sends neither `BH` nor a symbol (default GBP). */
  readonly defaultCurrency?: string;
  /** The clock of the breaker and the link state (epoch ms), injected in tests. */
  readonly now?: () => number;
  readonly log?: Pick<Log, 'info' | 'warn' | 'error'>;
}

export const SIP2_DEFAULTS = {
  timeoutMs: 3000,
  breakerCooldownMs: 30_000,
  defaultCurrency: 'GBP',
} as const;
