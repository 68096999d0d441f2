/**
 * Keys on a timed schedule, for the wedge timing tests: a scanner's keys with its own speed and
 * pauses, dispatched inside the page so the gaps between them are real milliseconds (a round
 * trip from the test per key would add its own). Synthetic events carry their dispatch time in
 * `event.timeStamp`, as a real key carries the time it was pressed.
 */
import type { Page } from '@playwright/test';
import { usKeyFor } from '../support/us-keys';

export interface TimedKey {
  readonly code: string;
  readonly key: string;
  readonly shift: boolean;
  /** Milliseconds after the previous key. */
  readonly delay: number;
}

/** What the page saw of one dispatched key-down. */
export interface DispatchedKey {
  readonly at: number;
  /** The wedge hook kept it from the page (a scanner's key, or a scan's swallowed Enter). */
  readonly prevented: boolean;
}

/** The `key` a US keyboard gives for a physical key (the decoder reads `code`; this is for realism). */
function usKey(code: string, shift: boolean, ch: string): string {
  return code.startsWith('Key') ? (shift ? code.slice(3) : code.slice(3).toLowerCase()) : ch;
}

/**
 * A scanner typing `text` `msPerChar` apart, with pauses (milliseconds, instead of the usual gap)
 * before the characters at the given indexes, and an optional Enter or Tab.
 */
export function scannerKeys(
  text: string,
  msPerChar: number,
  options: { pauses?: Readonly<Record<number, number>>; terminator?: 'Enter' | 'Tab' | null } = {},
): TimedKey[] {
  const keys: TimedKey[] = [...text].map((ch, i) => {
    const { code, shift } = usKeyFor(ch);
    return { code, shift, key: usKey(code, shift, ch), delay: i === 0 ? 0 : (options.pauses?.[i] ?? msPerChar) };
  });
  const terminator = options.terminator ?? null;
  if (terminator) keys.push({ code: terminator, key: terminator, shift: false, delay: msPerChar });
  return keys;
}

/**
 * Dispatches the keys from inside the page at their scheduled times, each a cancelable key-down
 * (then key-up) on the focused element, as the browser sends real keys. Resolves when the last is
 * sent. Timers sleep through long waits and the last 2 ms are spun, because timers alone drift by
 * several milliseconds and the decoder's threshold is 30 ms.
 */
export function dispatchTimed(page: Page, keys: readonly TimedKey[]): Promise<DispatchedKey[]> {
  return page.evaluate(async (keys) => {
    const seen: { at: number; prevented: boolean }[] = [];
    let due = performance.now();
    for (const k of keys) {
      due += k.delay;
      const wait = due - performance.now();
      if (wait > 3) await new Promise((resolve) => setTimeout(resolve, wait - 2));
      while (performance.now() < due) {
        // Spin: see above.
      }
      const target = document.activeElement ?? document.body;
      const init = { code: k.code, key: k.key, shiftKey: k.shift, bubbles: true, cancelable: true };
      const down = new KeyboardEvent('keydown', init);
      target.dispatchEvent(down);
      target.dispatchEvent(new KeyboardEvent('keyup', init));
      seen.push({ at: down.timeStamp, prevented: down.defaultPrevented });
    }
    return seen;
  }, keys);
}

/**
 * Types text with real (trusted) key events, pressing Shift for capitals as a scanner does: keys
 * that reach a focused field really change it, which synthetic events never do. The timing is
 * whatever the browser round trips give, a few milliseconds a key.
 */
export async function typeTrusted(page: Page, text: string): Promise<void> {
  // One call per character, Shift included (`Shift+KeyA`), so a capital costs one round trip,
  // not three: the keys stay close together as a scanner's do. (`keyboard.type` would send
  // capitals without Shift, which no keyboard does.)
  for (const ch of text) {
    const { code, shift } = usKeyFor(ch);
    await page.keyboard.press(shift ? `Shift+${code}` : code);
  }
}
