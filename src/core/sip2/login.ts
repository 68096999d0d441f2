/** 93 Login / 94 Login Response: the SIP account the terminal uses (not a patron's). */
import { expectId } from './answer';
import { FixedReader } from './fixed';
import type { Sip2Field, Sip2Message } from './message';
import { success, type Sip2Result } from './problem';

export interface LoginRequest {
  readonly user: string;
  readonly password: string;
  readonly location?: string;
}

export function loginRequest(r: LoginRequest): Sip2Message {
  const fields: Sip2Field[] = [
    { id: 'CN', value: r.user },
    { id: 'CO', value: r.password },
  ];
  if (r.location) fields.push({ id: 'CP', value: r.location });
  // UID and PWD algorithms '0': not encrypted (no LMS we know encrypts; TLS protects the link).
  return { id: '93', fixed: '00', fields };
}

export function parseLoginAnswer(message: Sip2Message): Sip2Result<{ readonly ok: boolean }> {
  const m = expectId(message, '94');
  if (!m.ok) return m;
  const ok = new FixedReader('94', message.fixed).zeroOne('ok');
  return ok.ok ? success({ ok: ok.value }) : ok;
}
