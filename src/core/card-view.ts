import type { CardView } from './result';
import type { Role } from './venue-config';

/** The card fields shown on screen: only what the terminal's role needs (privacy by default). */
export interface VisibleCard {
  readonly name?: string;
  readonly libraryNumber?: string;
  readonly services?: readonly string[];
  readonly expires: number;
}

/**
 * Library desk: given name and library number (for the identity check and the loan system).
 * Partner venue: services and expiry ("City Save member, valid until ..."). Self-service kiosk:
 * expiry only, since others may see the screen.
 */
export function cardForRole(card: CardView, role: Role): VisibleCard {
  switch (role) {
    case 'library_desk':
      return {
        ...(card.name !== null ? { name: card.name } : {}),
        ...(card.libraryNumber !== null ? { libraryNumber: card.libraryNumber } : {}),
        services: card.services,
        expires: card.expires,
      };
    case 'partner':
      return { services: card.services, expires: card.expires };
    case 'self_service':
      return { expires: card.expires };
  }
}
