/**
 * Electron's `protocol`: privileged schemes (before ready only) and `handle` (after ready), plus
 * what Chromium does when a page asks for a URL: canonicalise it, find the scheme's handler and
 * call it with a fetch Request.
 */
import type { CustomScheme, Protocol } from 'electron';
import { appStandIn } from './app';
import { readConfig } from './config';
import { strict } from './strict';

type Handler = Parameters<Protocol['handle']>[1];

export interface PrivilegedScheme extends CustomScheme {
  /** Electron honours privileges only when registered before the app is ready. */
  readonly beforeReady: boolean;
}

class StandInProtocol implements Pick<Protocol, 'registerSchemesAsPrivileged' | 'handle' | 'isProtocolHandled'> {
  readonly privileged: PrivilegedScheme[] = [];
  readonly handlers = new Map<string, Handler>();

  registerSchemesAsPrivileged(customSchemes: CustomScheme[]): void {
    for (const scheme of customSchemes) this.privileged.push({ ...scheme, beforeReady: !appStandIn.isReady() });
  }

  handle(scheme: string, handler: Handler): void {
    if (!appStandIn.isReady())
      throw new Error('protocol.handle: the protocol module can only be used once the app is ready');
    if (this.handlers.has(scheme) || readConfig().schemesTaken?.includes(scheme))
      throw new Error(`Failed to register protocol: ${scheme}`);
    this.handlers.set(scheme, handler);
  }

  isProtocolHandled(scheme: string): boolean {
    return this.handlers.has(scheme);
  }

  /** A page's request for `raw`, as it reaches the handler. */
  async request(raw: string, method = 'GET'): Promise<Response> {
    const url = this.canonical(raw);
    const handler = this.handlers.get(url.slice(0, url.indexOf(':')));
    if (!handler) throw new Error(`net::ERR_UNKNOWN_URL_SCHEME (${url})`);
    return handler(new Request(url, { method }));
  }

  /**
   * Chromium parses a scheme registered as `standard` like http (host lowercased, dot segments
   * and backslashes resolved); WHATWG URL treats an unknown scheme as non-special (host and
   * backslashes kept as written), so parse it as http.
   */
  private canonical(raw: string): string {
    const scheme = raw.slice(0, Math.max(0, raw.indexOf(':'))).toLowerCase();
    const standard = this.privileged.some((p) => p.scheme === scheme && p.privileges?.standard && p.beforeReady);
    if (!standard) return new URL(raw).href;
    return `${scheme}:${new URL(`http:${raw.slice(scheme.length + 1)}`).href.slice('http:'.length)}`;
  }
}

export const protocolStandIn = new StandInProtocol();
export const protocol = strict('protocol', protocolStandIn);
