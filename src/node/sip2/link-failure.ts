/**
 * Why the socket failed the client, before it is worded as a LibraryError: the client decides
 * from the reason whether the LMS is down (breaker) or one exchange went wrong.
 */
export type LinkFailureReason =
  /** Could not connect: refused, unreachable, DNS, or no connection within the timeout. */
  | 'connect'
  /** TLS could not be set up (certificate not trusted, wrong name, handshake). */
  | 'tls'
  /** Connected, but no complete answer within the timeout. */
  | 'timeout'
  /** The connection ended (dropped, or closed by us) before the answer was complete. */
  | 'closed'
  /** A line longer than any SIP2 message: not a SIP2 server. */
  | 'overflow';

export class LinkFailure extends Error {
  constructor(
    readonly reason: LinkFailureReason,
    message: string,
  ) {
    super(message);
    this.name = 'LinkFailure';
  }
}
