import type { ConsoleRoute } from '../context';
import { CARD_ROUTES } from './cards';
import { RECORD_ROUTES } from './records';
import { TERMINAL_ROUTES } from './terminals';
import { USAGE_ROUTES } from './usage';
import { VENUE_ROUTES } from './venues';

/** Every console API route but the session's (server/console/console-handler.ts handles that one). */
export const CONSOLE_ROUTES: readonly ConsoleRoute[] = [
  ...TERMINAL_ROUTES,
  ...VENUE_ROUTES,
  ...CARD_ROUTES,
  ...RECORD_ROUTES,
  ...USAGE_ROUTES,
];
