/**
 * A venue's link to its library management system (issue 12), as its configuration gives it
 * (`lms` in the venue configuration). The password is not here: it arrives with the configuration
 * or is set in Admin, and is kept sealed in the terminal's vault, never in the database.
 */
export const LMS_CHARSETS = ['utf-8', 'iso-8859-1', 'ibm850'] as const;
export type LmsCharset = (typeof LMS_CHARSETS)[number];

export interface LmsLink {
  readonly protocol: 'sip2';
  readonly host: string;
  readonly port: number;
  /** TLS to the LMS (or to a stunnel in front of it): the CA to trust (PEM) and the name to expect. */
  readonly tls: { readonly ca: string | null; readonly serverName: string | null } | null;
  /** SIP2 institution id (AO) and location code (CP). */
  readonly institution: string;
  readonly location: string | null;
  /** The SIP2 login user (CN); the password (CO) is a secret, kept apart. */
  readonly user: string;
  readonly charset: LmsCharset;
  readonly lineEnding: 'CR' | 'CRLF';
  /** SIP2 error detection (AY sequence, AZ checksum): on unless the LMS cannot do it. */
  readonly errorDetection: boolean;
  /** How long one request may take before the LMS counts as not reachable. */
  readonly timeoutMs: number;
  /** Fines' currency (ISO 4217) when the LMS names none; null: the client's default (GBP). */
  readonly currency: string | null;
}

export const DEFAULT_LMS_TIMEOUT_MS = 3000;

export class LmsLinkError extends Error {}

const HOST = /^[A-Za-z0-9.-]{1,253}$|^\[[0-9A-Fa-f:.]{2,45}\]$/;
/** SIP2 fields end at `|`: an id with one (or a control character) would corrupt every message. */
function isField(v: string): boolean {
  return v.length >= 1 && v.length <= 64 && [...v].every((c) => c !== '|' && c.charCodeAt(0) >= 0x20 && c !== '\u007f');
}

function fail(message: string): never {
  throw new LmsLinkError(`lms: ${message}`);
}

function text(v: unknown, what: string): string {
  if (typeof v !== 'string' || !isField(v)) fail(`${what} must be 1-64 characters without | or control characters`);
  return v;
}

/** Parses the `lms` member of a venue configuration; null when there is none. Throws LmsLinkError. */
export function parseLmsLink(raw: unknown): LmsLink | null {
  if (raw === undefined || raw === null) return null;
  if (typeof raw !== 'object' || Array.isArray(raw)) fail('must be an object');
  const c = raw as Record<string, unknown>;
  const protocol = c['protocol'] ?? 'sip2';
  if (protocol !== 'sip2') fail('protocol must be sip2');
  const host = c['host'];
  if (typeof host !== 'string' || !HOST.test(host)) fail('host must be a host name or address');
  const port = c['port'];
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) fail('port must be 1-65535');
  let tls: LmsLink['tls'] = null;
  if (c['tls'] === true) tls = { ca: null, serverName: null };
  else if (typeof c['tls'] === 'object' && c['tls'] !== null && !Array.isArray(c['tls'])) {
    const t = c['tls'] as Record<string, unknown>;
    const ca = t['ca'] ?? null;
    if (ca !== null && (typeof ca !== 'string' || !ca.includes('-----BEGIN CERTIFICATE-----')))
      fail('tls.ca must be PEM certificates');
    const serverName = t['serverName'] ?? null;
    if (serverName !== null && (typeof serverName !== 'string' || !HOST.test(serverName)))
      fail('tls.serverName must be a host name');
    tls = { ca, serverName };
  } else if (c['tls'] !== undefined && c['tls'] !== false) fail('tls must be true, false or { ca, serverName }');
  const charset = c['charset'] ?? 'utf-8';
  if (!LMS_CHARSETS.includes(charset as LmsCharset)) fail(`charset must be one of ${LMS_CHARSETS.join(', ')}`);
  const lineEnding = c['lineEnding'] ?? 'CR';
  if (lineEnding !== 'CR' && lineEnding !== 'CRLF') fail('lineEnding must be CR or CRLF');
  const errorDetection = c['errorDetection'] ?? true;
  if (typeof errorDetection !== 'boolean') fail('errorDetection must be true or false');
  const timeoutMs = c['timeoutMs'] ?? DEFAULT_LMS_TIMEOUT_MS;
  if (typeof timeoutMs !== 'number' || !Number.isInteger(timeoutMs) || timeoutMs < 200 || timeoutMs > 30_000)
    fail('timeoutMs must be 200-30000');
  const currency = c['currency'] ?? null;
  if (currency !== null && (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency)))
    fail('currency must be an ISO 4217 code such as GBP');
  return {
    protocol: 'sip2',
    host,
    port,
    tls,
    institution: text(c['institution'], 'institution'),
    location: c['location'] === undefined || c['location'] === null ? null : text(c['location'], 'location'),
    user: text(c['user'], 'user'),
    charset: charset as LmsCharset,
    lineEnding,
    errorDetection,
    timeoutMs,
    currency,
  };
}

/** Two links are the same connection (a configuration that changes nothing keeps it open). */
export function sameLmsLink(a: LmsLink | null, b: LmsLink | null): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
