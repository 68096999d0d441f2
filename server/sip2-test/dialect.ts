/**
 * How the test server speaks: the switches that make it behave like one LMS or another, or
 * badly. Mutable on a running server (tests flip them between calls).
 */
import type { Sip2Charset } from '../../src/core/sip2/charsets';
import type { LineEnding } from '../../src/core/sip2/message';

export interface Dialect {
  lineEnding: LineEnding;
  /** Checksums on answers (and required on requests: a request without one gets 96). */
  errorDetection: boolean;
  /** false: 63 is not in BX (only 23 is offered), and a 63 gets 96. */
  patronInformation: boolean;
  /** false: 17 is not in BX. */
  itemInformation: boolean;
  charset: Sip2Charset;
  /** Sum the checksum over characters (code points), as some LMSs do, not bytes. */
  checksumOverCharacters: boolean;
  /** Wait this long before each answer. */
  answerDelayMs: number;
  /** Send half of the next answer, then close the connection (once). */
  dropNextAnswer: boolean;
  /** Spoil the next answer's checksum (once); a 97 gets the right one. */
  badChecksumOnce: boolean;
  /** Answer every login with 94 ok=0. */
  refuseLogin: boolean;
}

export const DEFAULT_DIALECT: Readonly<Dialect> = {
  lineEnding: 'CR',
  errorDetection: true,
  patronInformation: true,
  itemInformation: true,
  charset: 'utf-8',
  checksumOverCharacters: false,
  answerDelayMs: 0,
  dropNextAnswer: false,
  badChecksumOnce: false,
  refuseLogin: false,
};
