/**
 * Keyboard-wedge scanner decoding: turns key events into scans. Characters come from the
 * physical key with a US layout (see us-keyboard.ts).
 *
 * A scanner is told from a person by how its keys begin, not by every gap: real scanners pause
 * (USB hubs, Bluetooth packets 20-100 ms apart, slow inter-character delays), so a rule of "no
 * gap over 30 ms" split genuine cards into fragments. Here a run of keys becomes a scanner's once
 * it holds `burstKeys` keys in a row each at most `burstGapMs` after the last (a person at
 * 100-200 ms per key never does), and from then on only a silence of `scanGapMs` ends it. A run
 * ends early on Enter/Tab, or as soon as its text is a structurally complete card token, and a
 * scanner's run that stops in the middle of a token is reported as `incomplete`, never as a scan
 * of a fragment. Decision 33 in docs/decisions.md.
 */
import { decodeBase64url } from './base64url';
import { decodeJsonSegment, JWS_SHAPE } from './jws-parse';
import { normaliseMessage } from './normalise';
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
  /** Longest gap between the keys that prove a scanner: a person never sustains it. */
  readonly burstGapMs: number;
  /** How many keys in a row, each at most `burstGapMs` after the last, make a run a scanner's. */
  readonly burstKeys: number;
  /** Silence that ends a scanner's run: longer than any pause of a working scanner (staff setting). */
  readonly scanGapMs: number;
  /** Fewest characters that make a scan (shorter runs are a person's, or nothing). */
  readonly minLength: number;
}

export const DEFAULT_WEDGE_OPTIONS: WedgeOptions = { burstGapMs: 30, burstKeys: 6, scanGapMs: 150, minLength: 6 };

/** The range staff may set `scanGapMs` to: below 50 ms real scanners split, above 1 s a person's keys join a scan. */
export const SCAN_GAP_LIMITS = { min: 50, max: 1000 } as const;

const clamp = (value: number, min: number, max: number, fallback: number): number =>
  Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : fallback;

/**
 * Defaults filled in and every value brought into a working range, so that a bad setting makes
 * the decoder less tolerant rather than unable to read anything.
 */
export function wedgeOptions(partial: Partial<WedgeOptions> = {}): WedgeOptions {
  const d = DEFAULT_WEDGE_OPTIONS;
  // Member by member, so that an option given as undefined keeps its default.
  const o = {
    burstGapMs: partial.burstGapMs ?? d.burstGapMs,
    burstKeys: partial.burstKeys ?? d.burstKeys,
    scanGapMs: partial.scanGapMs ?? d.scanGapMs,
    minLength: partial.minLength ?? d.minLength,
  };
  const scanGapMs = clamp(o.scanGapMs, SCAN_GAP_LIMITS.min, SCAN_GAP_LIMITS.max, DEFAULT_WEDGE_OPTIONS.scanGapMs);
  return {
    // A scanner's keys must be faster than the silence that ends its run, or nothing is a scan.
    burstGapMs: clamp(o.burstGapMs, 1, scanGapMs - 1, DEFAULT_WEDGE_OPTIONS.burstGapMs),
    burstKeys: Math.round(clamp(o.burstKeys, 2, 64, DEFAULT_WEDGE_OPTIONS.burstKeys)),
    scanGapMs,
    minLength: Math.round(clamp(o.minLength, 1, 64, DEFAULT_WEDGE_OPTIONS.minLength)),
  };
}

export type WedgeOutput =
  | { readonly kind: 'scan'; readonly text: string; readonly startedAt: number; readonly endedAt: number }
  /** Keys that were a person's: the host let them reach whatever has focus. */
  | { readonly kind: 'typed'; readonly text: string }
  /**
   * A scanner stopped part way through a card token: the host asks for the card again. The
   * fragment itself is withheld, as anything built on it would be a wrong verdict.
   */
  | { readonly kind: 'incomplete'; readonly length: number };

export interface WedgeKeyResult {
  readonly outputs: WedgeOutput[];
  /**
   * The key is a scanner's (or a scan's trailing Enter/Tab): the host keeps it from focused
   * controls, so that a scanner's Enter never presses a button.
   */
  readonly consumed: boolean;
  /**
   * Set on the key at which a run is recognised as a scanner's: the time of the scan's first key.
   * Its keys from then until this one came before the run was known to be a scanner's and were
   * let through, so the host takes them back out of the field they reached. (A time rather than
   * a count, so that keys the decoder ignores, such as Shift, need no bookkeeping.)
   */
  readonly takeBackFrom: number | null;
}

const TERMINATORS = new Set(['Enter', 'NumpadEnter', 'Tab']);
const IGNORED = new Set(['ShiftLeft', 'ShiftRight', 'CapsLock']);
/** Both profile algorithms give 64-byte signatures: 86 base64url characters. */
const SIGNATURE_CHARS = 86;
const PROFILE_ALGS: ReadonlySet<unknown> = new Set(['ES256', 'EdDSA']);
/** The base64url of `{"`, with which every JSON header, and so every token, begins. */
const TOKEN_START = 'eyJ';
const TOKEN_CHARS = /^[A-Za-z0-9_.-]*$/;
/** Wrappers still arriving: an AIM identifier or ECI designator cut short, an https URL before its `#`. */
const PARTIAL_WRAPPER = [/^\](?:[A-Za-z][0-9A-Za-z]?)?$/, /^\\[0-9]{0,5}$/, /^https:\/\/[^\s#]*$/i];
/**
 * After an `incomplete`, a scanner run that starts within this many `scanGapMs` and does not
 * begin like a token is the rest of the same token, cut by a pause beyond the tolerance.
 */
const TAIL_WINDOW_GAPS = 4;

type Shape = 'complete' | 'unfinished' | 'other';

/**
 * What a scanner's text is as a card token, after the wrappers `normaliseMessage` peels:
 * `complete` (three segments, a profile algorithm, a full-length signature), `unfinished` (it
 * begins like a token or a wrapper and stops short), or `other` (a library number, a receipt, a
 * token with a foreign algorithm: nothing whose end can be told from its structure).
 */
function shapeOf(raw: string): Shape {
  const n = normaliseMessage(raw);
  if (n.hasInnerControl) return 'other';
  const text = n.text;
  if (text === '') return n.aim !== null || raw.trim() !== '' ? 'unfinished' : 'other';
  if (PARTIAL_WRAPPER.some((re) => re.test(text)) || 'https://'.startsWith(text.toLowerCase())) return 'unfinished';
  if (!TOKEN_CHARS.test(text) || !text.startsWith(TOKEN_START.slice(0, Math.min(3, text.length)))) return 'other';
  const parts = text.split('.');
  if (parts.length < 3) return 'unfinished';
  if (parts.length > 3 || !JWS_SHAPE.test(text)) return 'other';
  const [header, , signature] = parts as [string, string, string];
  if (signature.length > SIGNATURE_CHARS || !PROFILE_ALGS.has(decodeJsonSegment(header)?.['alg'])) return 'other';
  if (signature.length < SIGNATURE_CHARS) return 'unfinished';
  return decodeBase64url(signature) === null ? 'other' : 'complete';
}

/** Cheap test run on every scanner key: only a full-length signature is worth decoding a header for. */
function isComplete(text: string): boolean {
  const dot = text.lastIndexOf('.');
  return dot >= 0 && text.length - dot - 1 === SIGNATURE_CHARS && shapeOf(text) === 'complete';
}

/** True when text begins the way a token or a wrapped token does (12 characters tell). */
function startsLikeToken(text: string): boolean {
  return shapeOf(text.slice(0, 12)) === 'unfinished';
}

/** A run recognised as a scanner's; `tail` when it is the rest of a token already reported incomplete. */
interface Scan {
  text: string;
  readonly startedAt: number;
  readonly tail: boolean;
}

interface Stroke {
  readonly ch: string;
  readonly at: number;
}

const NOTHING: WedgeKeyResult = { outputs: [], consumed: false, takeBackFrom: null };

export class WedgeDecoder {
  private options: WedgeOptions;
  /** Keys of the current run before it is recognised as a scanner's. */
  private pending: Stroke[] = [];
  /** Set once the run is a scanner's: its text from where the scan begins. */
  private scan: Scan | null = null;
  /** Keys in a row, up to the last, each at most `burstGapMs` after the one before. */
  private streak = 0;
  private lastAt = Number.NEGATIVE_INFINITY;
  /** The last key of a scan that ended as a complete token: a terminator soon after is swallowed. */
  private finishedAt = Number.NEGATIVE_INFINITY;
  /** Until when a new scanner run may be the tail of an `incomplete` one. */
  private tailUntil = Number.NEGATIVE_INFINITY;
  private runStartedAt = 0;

  constructor(options: Partial<WedgeOptions> = {}) {
    this.options = wedgeOptions(options);
  }

  /** Applies new options; a run in progress continues under them. */
  setOptions(options: Partial<WedgeOptions>): void {
    this.options = wedgeOptions(options);
  }

  /** Feeds one key-down event; returns whatever it completes, and whether the key was a scanner's. */
  key(event: WedgeKey): WedgeKeyResult {
    if (IGNORED.has(event.code)) return NOTHING;
    const { at } = event;
    const outputs: WedgeOutput[] = [];
    if (this.running() && at - this.lastAt >= this.options.scanGapMs) outputs.push(...this.end('silence'));

    if (TERMINATORS.has(event.code)) {
      if (this.running()) {
        const consumed = this.scan !== null;
        outputs.push(...this.end('terminator'));
        return { outputs, consumed, takeBackFrom: null };
      }
      // The scanner's own Enter/Tab after a token that was already delivered: pressing the
      // focused button (Done) with it would dismiss the result the scan just produced.
      if (at - this.finishedAt < this.options.scanGapMs) {
        this.finishedAt = at;
        return { outputs, consumed: true, takeBackFrom: null };
      }
      return { outputs, consumed: false, takeBackFrom: null };
    }
    this.finishedAt = Number.NEGATIVE_INFINITY;

    const ch = event.command ? null : usCharacter(event.code, event.shift);
    if (ch === null) {
      // A key no scanner sends (arrows, F-keys, shortcuts) ends the run; the key is a person's.
      outputs.push(...this.end('interrupted'));
      return { outputs, consumed: false, takeBackFrom: null };
    }

    if (!this.running()) {
      this.streak = 1;
      this.runStartedAt = at;
    } else this.streak = at - this.lastAt <= this.options.burstGapMs ? this.streak + 1 : 1;
    this.lastAt = at;

    let takeBackFrom: number | null = null;
    let scan = this.scan;
    if (scan) scan.text += ch;
    else {
      this.pending.push({ ch, at });
      if (this.streak < this.options.burstKeys) return { outputs, consumed: false, takeBackFrom: null };
      scan = this.recognise(outputs);
      takeBackFrom = scan.startedAt;
    }
    if (!scan.tail && isComplete(scan.text)) {
      outputs.push({ kind: 'scan', text: scan.text, startedAt: scan.startedAt, endedAt: at });
      this.scan = null;
      this.finishedAt = at;
    }
    return { outputs, consumed: true, takeBackFrom };
  }

  /** Called by a timer: silence of `scanGapMs` ends a run. */
  tick(now: number): WedgeOutput[] {
    return this.running() && now - this.lastAt >= this.options.scanGapMs ? this.end('silence') : [];
  }

  private running(): boolean {
    return this.scan !== null || this.pending.length > 0;
  }

  /**
   * The run has just shown a scanner's speed. Where does the scan begin? Keys before the fast
   * streak may be the scanner's own first keys, slowed by a pause, or a person's last keys typed
   * just before the scan; timing cannot tell them apart (both are 40-150 ms). Structure can for
   * card tokens: the scan begins at the earliest slow key from which the text begins like a
   * token or a wrapper, and the keys before it are a person's. For other codes the whole run is
   * taken, so a scanner's first keys are never lost; a person's key less than `scanGapMs` before
   * a library number scan then joins it (and is taken back out of the field with it).
   */
  private recognise(outputs: WedgeOutput[]): Scan {
    const keys = this.pending;
    const streakStart = keys.length - this.streak;
    let start = 0;
    for (let i = 0; i <= streakStart; i++) {
      const slowBefore = i === 0 || keys[i]!.at - keys[i - 1]!.at > this.options.burstGapMs;
      if (slowBefore && startsLikeToken(textOf(keys.slice(i, i + 12), 0))) {
        start = i;
        break;
      }
    }
    if (start > 0) outputs.push({ kind: 'typed', text: textOf(keys.slice(0, start), 0) });
    const text = textOf(keys, start);
    this.pending = [];
    this.scan = {
      text,
      startedAt: keys[start]!.at,
      tail: this.runStartedAt < this.tailUntil && !startsLikeToken(text),
    };
    return this.scan;
  }

  private end(why: 'silence' | 'terminator' | 'interrupted'): WedgeOutput[] {
    const pending = this.pending;
    const scan = this.scan;
    this.pending = [];
    this.scan = null;
    if (!scan) return pending.length > 0 ? [{ kind: 'typed', text: textOf(pending, 0) }] : [];
    // The rest of a token already reported as incomplete: one "scan again" is enough.
    if (scan.tail) return [];
    const { text } = scan;
    // A scanner's Enter says the message is whole: what it read is judged by the verifier. Only a
    // run that stopped by itself can be a scanner still part way through a token.
    if (why !== 'terminator' && shapeOf(text) === 'unfinished') {
      this.tailUntil = this.lastAt + TAIL_WINDOW_GAPS * this.options.scanGapMs;
      return [{ kind: 'incomplete', length: text.length }];
    }
    if (text.length >= this.options.minLength)
      return [{ kind: 'scan', text, startedAt: scan.startedAt, endedAt: this.lastAt }];
    return [{ kind: 'typed', text }];
  }
}

function textOf(keys: readonly Stroke[], from: number): string {
  let text = '';
  for (let i = from; i < keys.length; i++) text += keys[i]!.ch;
  return text;
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

/**
 * Whether a timer tick may judge silence. A tick much later than its period means the event
 * loop was blocked: keys may be queued behind it, so the silence it sees may not be real, and
 * it waits one tick for them (only one, so that a loop that is always busy, or a hidden page
 * whose timers are always late, still ends scans).
 */
export class SilenceTicks {
  private last: number;
  private skipped = false;

  constructor(
    private readonly periodMs: number,
    start: number,
  ) {
    this.last = start;
  }

  judge(now: number): boolean {
    this.skipped = !this.skipped && now - this.last > 3 * this.periodMs;
    this.last = now;
    return !this.skipped;
  }
}
