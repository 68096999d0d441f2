import { createContext, useContext } from 'react';
import type { SessionInfo } from '../contract/console-api';
import type { ConsoleApi } from './api/endpoints';
import type { Abilities } from './roles';

/** The signed-in user, what they may do, and the API: what every page needs. */
export interface ConsoleSession {
  readonly user: SessionInfo;
  readonly abilities: Abilities;
  readonly api: ConsoleApi;
  /** The clock the page words ages with ("5 min ago"), in Unix seconds. */
  readonly now: () => number;
}

export const SessionContext = createContext<ConsoleSession | null>(null);

export function useSession(): ConsoleSession {
  const s = useContext(SessionContext);
  if (s === null) throw new Error('useSession outside a signed-in console');
  return s;
}
