import { importAnchors } from '../../core/anchors';
import type { VerificationKey } from '../../core/keys';
import { createDeviceKey, type SecretProtector } from './device-identity';
import { SyncHttp } from './sync-http';
import { asTimeKey, type TimeKey } from './time-statement';

export interface Enrolment {
  readonly serverUrl: string;
  readonly deviceId: string;
  readonly venueId: string;
  readonly audience: string;
  readonly label: string;
}

/** An enrolment refused before or after the server's answer, with what kind of problem it is. */
export class EnrolmentError extends Error {
  constructor(
    message: string,
    readonly kind: 'already_enrolled' | 'not_https' | 'anchor_mismatch' | 'bad_answer',
  ) {
    super(message);
  }
}

/**
 * Enrols this terminal with a one-time code: makes the device key pair here (the private key
 * never leaves the terminal), sends the public key, and receives the device id, the venue and
 * the trust anchor. A terminal with a preconfigured anchor refuses a server whose anchor set
 * does not include it.
 */
export async function enrolDevice(input: {
  dataDir: string;
  serverUrl: string;
  code: string;
  label: string;
  pinnedAnchors: readonly VerificationKey[];
  protector?: SecretProtector;
  timeoutMs?: number;
}): Promise<{ enrolment: Enrolment; anchor: unknown; anchors: VerificationKey[]; timeKey: TimeKey | null }> {
  const url = URL.canParse(input.serverUrl) ? new URL(input.serverUrl) : null;
  if (url === null)
    throw new EnrolmentError(
      `the sync server address ${JSON.stringify(input.serverUrl)} is not a URL: give it as https://HOST[:PORT]`,
      'not_https',
    );
  if (url.protocol !== 'https:' && !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
    throw new EnrolmentError('the sync server must use https (plain http only on this machine)', 'not_https');
  }
  const key = await createDeviceKey(input.dataDir, input.protector);
  const http = new SyncHttp({
    baseUrl: url.toString(),
    token: () => Promise.reject(new Error('no token before enrolment')),
    timeoutMs: input.timeoutMs ?? 15_000,
  });
  const r = await http.request('POST', '/v1/enroll', {
    auth: false,
    body: { code: input.code, publicJwk: key.publicJwk, label: input.label },
  });
  const body = JSON.parse(r.text) as {
    deviceId?: unknown;
    venueId?: unknown;
    audience?: unknown;
    anchor?: unknown;
    timeKey?: unknown;
  };
  if (typeof body.deviceId !== 'string' || typeof body.venueId !== 'string' || typeof body.audience !== 'string') {
    throw new EnrolmentError('the server answered enrolment without a device id, venue or audience', 'bad_answer');
  }
  const anchors = await importAnchors(body.anchor).catch((e: unknown) => {
    throw new EnrolmentError(`the server's trust anchor is not usable: ${(e as Error).message}`, 'bad_answer');
  });
  if (input.pinnedAnchors.length > 0 && !input.pinnedAnchors.some((p) => anchors.some((a) => a.kid === p.kid))) {
    throw new EnrolmentError(
      "the server's trust anchor does not match the one configured on this terminal",
      'anchor_mismatch',
    );
  }
  return {
    enrolment: {
      serverUrl: url.toString(),
      deviceId: body.deviceId,
      venueId: body.venueId,
      audience: body.audience,
      label: input.label,
    },
    anchor: body.anchor,
    anchors,
    // The key the server signs its time with: pinned now (a server from before has none).
    timeKey: asTimeKey(body.timeKey),
  };
}
