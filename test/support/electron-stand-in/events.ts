/** Electron's event objects: `preventDefault()` and `defaultPrevented`, plus the event's fields. */
import type { Event } from 'electron';
import { strict } from './strict';

export function preventable<P extends object>(name: string, params: P): Event<P> {
  let prevented = false;
  const event = {
    ...params,
    preventDefault: () => {
      prevented = true;
    },
    get defaultPrevented() {
      return prevented;
    },
  };
  return strict(`${name} event`, event);
}
