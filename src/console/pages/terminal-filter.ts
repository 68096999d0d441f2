/**
 * The Terminals list's filters, which the Overview's figures link to (`#/terminals?show=offline`).
 */
import type { ConsoleTerminal } from '../../contract/console-api';

export const TERMINAL_FILTERS = [
  'all',
  'online',
  'offline',
  'never',
  'revoked',
  'staleTrust',
  'staleStatus',
  'clockSuspect',
  'backlog',
] as const;
export type TerminalFilter = (typeof TERMINAL_FILTERS)[number];

export function parseFilter(raw: string | null): TerminalFilter {
  return (TERMINAL_FILTERS as readonly (string | null)[]).includes(raw) ? (raw as TerminalFilter) : 'all';
}

export function matches(filter: TerminalFilter, terminal: ConsoleTerminal): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'online':
    case 'offline':
    case 'never':
    case 'revoked':
      return terminal.state === filter;
    case 'staleTrust':
    case 'staleStatus':
    case 'clockSuspect':
    case 'backlog':
      return terminal[filter];
  }
}

/** The oldest status list a terminal holds, in seconds; null when it reported none. */
export function oldestStatusList(terminal: ConsoleTerminal): number | null {
  const ages = terminal.health?.statusListAges.map((a) => a.ageSeconds) ?? [];
  return ages.length === 0 ? null : Math.max(...ages);
}
