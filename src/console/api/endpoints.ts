/**
 * The console API's routes (src/contract/console-api.ts), one typed function each, so pages never
 * spell a path or a method.
 */
import type {
  CardStatusChange,
  ConsoleAuditEntry,
  ConsoleCall,
  ConsoleCard,
  ConsoleKeys,
  ConsoleOverview,
  ConsoleTerminal,
  ConsoleUsage,
  ConsoleVenue,
  EnrolmentCode,
  EnrolmentCodeRequest,
  SessionInfo,
  SignIn,
  USAGE_TABLES,
} from '../../contract/console-api';
import { API_BASE, type ConsoleClient } from './client';

export type UsageTable = (typeof USAGE_TABLES)[number];
export type CardQuery = { readonly id: string } | { readonly libraryNumber: string };

function query(params: Readonly<Record<string, string | undefined>>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, v);
  const s = q.toString();
  return s === '' ? '' : `?${s}`;
}

const seg = encodeURIComponent;

export function consoleApi(c: ConsoleClient) {
  return {
    session: () => c.get<SessionInfo>('session'),
    signIn: (body: SignIn) => c.change<SessionInfo>('POST', 'session', body),
    signOut: () => c.change<void>('DELETE', 'session'),

    overview: () => c.get<ConsoleOverview>('overview'),
    terminals: () => c.get<readonly ConsoleTerminal[]>('terminals'),
    revokeTerminal: (id: string, reason: string) =>
      c.change<unknown>('POST', `terminals/${seg(id)}/revoke`, { reason }),
    enrolmentCode: (body: EnrolmentCodeRequest) => c.change<EnrolmentCode>('POST', 'enrolment-codes', body),

    venues: () => c.get<readonly ConsoleVenue[]>('venues'),
    createVenue: (config: Record<string, unknown>) => c.change<ConsoleVenue>('POST', 'venues', { config }),
    updateVenue: (id: string, config: Record<string, unknown>) =>
      c.change<ConsoleVenue>('PUT', `venues/${seg(id)}`, { config }),

    card: (q: CardQuery) =>
      c.get<ConsoleCard>(`cards${query('id' in q ? { id: q.id } : { libraryNumber: q.libraryNumber })}`),
    setCardStatus: (id: string, change: CardStatusChange) =>
      c.change<unknown>('POST', `cards/${seg(id)}/status`, change),
    demoCard: (services: readonly string[]) =>
      c.change<{ readonly id: string; readonly token: string }>('POST', 'cards/demo', { services }),

    calls: (venue?: string) => c.get<readonly ConsoleCall[]>(`calls${query({ venue })}`),
    keys: () => c.get<ConsoleKeys>('keys'),
    rotateKeys: () => c.change<unknown>('POST', 'keys/rotate', {}),
    usage: (from: string, to: string) => c.get<ConsoleUsage>(`usage${query({ from, to })}`),
    audit: () => c.get<readonly ConsoleAuditEntry[]>('audit'),
  };
}

export type ConsoleApi = ReturnType<typeof consoleApi>;

/** The CSV of one usage table, for a plain link (the cookie goes with it; no script needed). */
export function usageCsvHref(table: UsageTable, from: string, to: string): string {
  return `${API_BASE}usage/${table}.csv${query({ from, to })}`;
}
