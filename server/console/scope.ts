/** A venue manager's reach: their own venue, and nothing of any other. */
import type { ConsoleContext } from './context';
import { forbidden } from './console-http';

/** Refuses a venue manager anything of a venue not theirs. */
export function requireOwnVenue(ctx: ConsoleContext, venueId: string): void {
  if (ctx.user.role === 'venue_manager' && ctx.user.venueId !== venueId)
    throw forbidden('a venue manager sees and changes only their own venue');
}

/**
 * The venue a listing is limited to: a venue manager's own (asking for another is refused), or
 * for the others the one asked for, or every venue (null).
 */
export function venueFilter(ctx: ConsoleContext, requested: string | null): string | null {
  if (ctx.user.role !== 'venue_manager') return requested;
  if (requested !== null) requireOwnVenue(ctx, requested);
  return ctx.user.venueId;
}
