/**
 * What each role sees and may change (issue 13). The server enforces all of it (403 outside the
 * role); the page only leaves out what would be refused, so nobody meets a button that cannot work.
 */
import type { ConsoleRole } from '../contract/console-api';

export const PAGES = ['overview', 'terminals', 'venues', 'cards', 'calls', 'keys', 'usage', 'audit'] as const;
export type PageId = (typeof PAGES)[number];

const PAGES_BY_ROLE: Readonly<Record<ConsoleRole, readonly PageId[]>> = {
  council_admin: PAGES,
  venue_manager: ['overview', 'terminals', 'venues', 'calls', 'usage'],
  auditor: PAGES,
};

export function pagesFor(role: ConsoleRole): readonly PageId[] {
  return PAGES_BY_ROLE[role];
}

/** The changes a role may make; a venue manager's are limited to their own venue by the server. */
export interface Abilities {
  readonly revokeTerminals: boolean;
  readonly enrolTerminals: boolean;
  /** Create venues and change everything about them. */
  readonly editVenues: boolean;
  /** Change a venue's offers only (a venue manager, their own venue). */
  readonly editOffers: boolean;
  readonly changeCards: boolean;
  readonly rotateKeys: boolean;
}

const NONE: Abilities = {
  revokeTerminals: false,
  enrolTerminals: false,
  editVenues: false,
  editOffers: false,
  changeCards: false,
  rotateKeys: false,
};

export function abilitiesOf(role: ConsoleRole): Abilities {
  switch (role) {
    case 'council_admin':
      return {
        revokeTerminals: true,
        enrolTerminals: true,
        editVenues: true,
        editOffers: true,
        changeCards: true,
        rotateKeys: true,
      };
    case 'venue_manager':
      return { ...NONE, revokeTerminals: true, enrolTerminals: true, editOffers: true };
    case 'auditor':
      return NONE;
  }
}
