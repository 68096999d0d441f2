/**
 * Keyboard-wedge scanner decoding: turns key events into scans. A scanner types a whole message
 * in a burst (keys a few milliseconds apart) ended by Enter or Tab, or by silence; a person types
 * far slower. Characters come from the physical key with a US layout (see us-keyboard.ts).
 */
import { usCharacter } from './us-keyboard';

export interface WedgeKey {
  /** KeyboardEvent.code: the physical key ("KeyA", "Digit1", "Enter"). */
  readonly code: string;
  readonly shift: boolean;
  /** Ctrl, Alt or Meta held: never part of a scan. */
  readonly command: boolean;
  /** Milliseconds, monotonic. */
  readonly at: number;
}

export interface WedgeOptions {
  /** Longest gap between two keys of one scan. */
  readonly maxGapMs: number;
  /** Fewest characters that make a scan (shorter bursts are a person's fast typing). */
  readonly minLength: number;
}

export const DEFAULT_WEDGE_OPTIONS: WedgeOptions = { maxGapMs: 30, minLength: 6 };

export type WedgeOutput =
  | { readonly kind: 'scan'; readonly text: string; readonly startedAt: number; readonly endedAt: number }
  /** Keys that were not a scan: the host lets them reach whatever has focus. */
  | { readonly kind: 'typed'; readonly text: string };

const TERMINATORS = new Set(['Enter', 'NumpadEnter', 'Tab']);
const IGNORED = new Set(['ShiftLeft', 'ShiftRight', 'CapsLock']);

export class WedgeDecoder {
  private text = '';
  private startedAt = 0;
  private lastAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: WedgeOptions = DEFAULT_WEDGE_OPTIONS) {}

  /** Feeds one key-down event; returns whatever it completes. */
  key(event: WedgeKey): WedgeOutput[] {
    if (IGNORED.has(event.code)) return [];
    const out: WedgeOutput[] = [];
    if (this.text !== '' && event.at - this.lastAt > this.options.maxGapMs) out.push(...this.end());
    if (TERMINATORS.has(event.code)) {
      out.push(...this.end());
      return out;
    }
    const ch = event.command ? null : usCharacter(event.code, event.shift);
    if (ch === null) {
      // A key no scanner sends (arrows, F-keys, shortcuts): whatever was buffered was a person.
      out.push(...this.end());
      return out;
    }
    if (this.text === '') this.startedAt = event.at;
    this.text += ch;
    this.lastAt = event.at;
    return out;
  }

  /** Called by a timer: silence longer than the gap ends a burst. */
  tick(now: number): WedgeOutput[] {
    return this.text !== '' && now - this.lastAt > this.options.maxGapMs ? this.end() : [];
  }

  private end(): WedgeOutput[] {
    if (this.text === '') return [];
    const text = this.text;
    this.text = '';
    if (text.length >= this.options.minLength)
      return [{ kind: 'scan', text, startedAt: this.startedAt, endedAt: this.lastAt }];
    return [{ kind: 'typed', text }];
  }
}

/**
 * Boot-protocol keyboard reports (8 bytes: modifiers, reserved, up to 6 key usages), as a
 * scanner in keyboard mode sends them over hidraw. Emits a key event for each newly pressed key.
 */
export class BootKeyboardReader {
  private down = new Set<number>();

  constructor(private readonly codeFor: (usage: number) => string | null) {}

  report(bytes: Uint8Array, at: number): WedgeKey[] {
    // Some devices prefix a report id; a boot report is exactly 8 bytes after it.
    const r = bytes.length === 9 ? bytes.subarray(1) : bytes;
    if (r.length !== 8) return [];
    const modifiers = r[0] ?? 0;
    const shift = (modifiers & 0x22) !== 0;
    const command = (modifiers & 0xdd) !== 0;
    const now = new Set<number>();
    const events: WedgeKey[] = [];
    for (const usage of r.subarray(2)) {
      if (usage === 0 || usage === 1) continue; // none, or "rollover error"
      now.add(usage);
      if (this.down.has(usage)) continue;
      const code = this.codeFor(usage);
      if (code) events.push({ code, shift, command, at });
    }
    this.down = now;
    return events;
  }
}
