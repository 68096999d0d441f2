import { describe, expect, it } from 'vitest';
import {
  BootKeyboardReader,
  SilenceTicks,
  DEFAULT_WEDGE_OPTIONS,
  WedgeDecoder,
  wedgeOptions,
  type WedgeKey,
  type WedgeOutput,
} from '../../src/core/wedge-decoder';
import { codeForHidUsage } from '../../src/core/us-keyboard';
import { usKeyFor } from '../support/us-keys';

const keysFor = (text: string): { code: string; shift: boolean }[] => [...text].map(usKeyFor);

function type(
  decoder: WedgeDecoder,
  text: string,
  start: number,
  gapMs: number,
  terminator: string | null = 'Enter',
): WedgeOutput[] {
  const out: WedgeOutput[] = [];
  let t = start;
  for (const k of keysFor(text)) {
    out.push(...decoder.key({ ...k, command: false, at: t }).outputs);
    t += gapMs;
  }
  if (terminator) out.push(...decoder.key({ code: terminator, shift: false, command: false, at: t }).outputs);
  return out;
}

describe('keyboard-wedge decoder', () => {
  it('turns a fast burst ended by Enter into a scan', () => {
    const d = new WedgeDecoder();
    expect(type(d, 'eyJhbGci.eyJ2Ijox.c2ln_-Z9', 0, 4)).toEqual([
      { kind: 'scan', text: 'eyJhbGci.eyJ2Ijox.c2ln_-Z9', startedAt: 0, endedAt: 100 },
    ]);
  });

  it('accepts Tab as a terminator, and silence', () => {
    expect(type(new WedgeDecoder(), '29876000123456', 0, 3, 'Tab')).toMatchObject([
      { kind: 'scan', text: '29876000123456' },
    ]);
    const d = new WedgeDecoder();
    expect(type(d, '29876000123456', 0, 3, null)).toEqual([]);
    // Silence now ends a scanner's run after scanGapMs (150 ms), not 30 ms: real scanners pause.
    expect(d.tick(3 * 13 + 10)).toEqual([]);
    expect(d.tick(3 * 13 + 149)).toEqual([]);
    expect(d.tick(3 * 13 + 150)).toMatchObject([{ kind: 'scan', text: '29876000123456' }]);
  });

  it('tells a person from a scanner by the gaps between keys', () => {
    const d = new WedgeDecoder();
    const out = type(d, 'hello123', 0, 120);
    expect(out.every((o) => o.kind === 'typed')).toBe(true);
    expect(out.some((o) => o.kind === 'scan')).toBe(false);
  });

  it('treats a short fast burst as typing, not a scan', () => {
    expect(type(new WedgeDecoder(), 'ok', 0, 5)).toEqual([{ kind: 'typed', text: 'ok' }]);
  });

  it('maps physical keys with a US layout: a scanner on a German keyboard still gives the token', () => {
    // On a German layout the OS would turn KeyY into "z" and Minus into "ß"; the physical codes
    // are what a US-configured scanner pressed, so decoding them gives the original text.
    const d = new WedgeDecoder();
    const german: WedgeKey[] = [
      { code: 'KeyY', shift: false, command: false, at: 0 },
      { code: 'KeyZ', shift: true, command: false, at: 5 },
      { code: 'Minus', shift: true, command: false, at: 10 },
      { code: 'Period', shift: false, command: false, at: 15 },
      { code: 'Semicolon', shift: true, command: false, at: 20 },
      { code: 'Digit3', shift: true, command: false, at: 25 },
      { code: 'Enter', shift: false, command: false, at: 30 },
    ];
    expect(german.flatMap((k) => d.key(k).outputs)).toEqual([
      { kind: 'scan', text: 'yZ_.:#', startedAt: 0, endedAt: 25 },
    ]);
  });

  it('a shortcut or non-character key breaks a burst', () => {
    const d = new WedgeDecoder();
    const out = [
      ...type(d, 'abcdefgh', 0, 3, null),
      ...d.key({ code: 'KeyC', shift: false, command: true, at: 25 }).outputs,
    ];
    expect(out).toEqual([{ kind: 'scan', text: 'abcdefgh', startedAt: 0, endedAt: 21 }]);
  });
});

describe('boot-keyboard reports (hidraw)', () => {
  const report = (mod: number, ...keys: number[]): Uint8Array =>
    Uint8Array.of(mod, 0, ...keys, ...new Array<number>(6 - keys.length).fill(0));

  it('turns key presses into wedge keys, with shift, ignoring held keys and releases', () => {
    const r = new BootKeyboardReader(codeForHidUsage);
    expect(r.report(report(0, 0x04), 0)).toEqual([{ code: 'KeyA', shift: false, command: false, at: 0 }]);
    expect(r.report(report(0, 0x04), 1)).toEqual([]); // still held
    expect(r.report(report(0), 2)).toEqual([]); // released
    expect(r.report(report(0x02, 0x04), 3)).toEqual([{ code: 'KeyA', shift: true, command: false, at: 3 }]);
    expect(r.report(report(0, 0x28), 4)).toEqual([{ code: 'Enter', shift: false, command: false, at: 4 }]);
    expect(r.report(Uint8Array.of(1, 2, 3), 5)).toEqual([]);
  });

  it('feeds the same decoder: a scanner in keyboard mode yields a scan', () => {
    const r = new BootKeyboardReader(codeForHidUsage);
    const d = new WedgeDecoder();
    const usages = [0x1f, 0x25, 0x25, 0x24, 0x22, 0x27, 0x27, 0x27]; // 2 8 8 7 5 0 0 0
    const out: WedgeOutput[] = [];
    let t = 0;
    for (const u of usages) {
      for (const k of r.report(report(0, u), t)) out.push(...d.key(k).outputs);
      r.report(report(0), t + 1);
      t += 4;
    }
    for (const k of r.report(report(0, 0x28), t)) out.push(...d.key(k).outputs);
    expect(out).toEqual([{ kind: 'scan', text: '28875000', startedAt: 0, endedAt: 28 }]);
  });
});

/** A token that is structurally complete (a profile algorithm, an 86-character signature); not signed. */
function structuralToken(alg = 'ES256', signatureChars = 86): string {
  const segment = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  return [
    segment({ alg, kid: 'k1', typ: 'civicpass+jwt' }),
    segment({ v: 1, iss: 'https://id.example.gov.uk', sub: 'card_0001', svc: ['library'] }),
    'A'.repeat(signatureChars),
  ].join('.');
}

/** Keys for text from `start`, `gapMs` apart, with extra pauses before the given indexes. */
function schedule(text: string, start: number, gapMs: number, pauses: Record<number, number> = {}): WedgeKey[] {
  let t = start;
  return [...text].map((ch, i) => {
    t += i === 0 ? 0 : gapMs + (pauses[i] ?? 0);
    return { ...usKeyForWithWrappers(ch), command: false, at: t };
  });
}

/** us-keys plus the wrapper characters a scanner sends before a token (`]Q1`, ECI `\`). */
function usKeyForWithWrappers(ch: string): { code: string; shift: boolean } {
  if (ch === ']') return { code: 'BracketRight', shift: false };
  if (ch === '\\') return { code: 'Backslash', shift: false };
  return usKeyFor(ch);
}

const enter = (at: number): WedgeKey => ({ code: 'Enter', shift: false, command: false, at });

describe('scanner pauses (decision 33)', () => {
  const token = structuralToken();

  it('a token with one 40 ms pause gives one scan (the 30 ms rule gave two fragments)', () => {
    const d = new WedgeDecoder();
    const keys = schedule(token, 0, 4, { 100: 40 });
    const out = keys.flatMap((k) => d.key(k).outputs);
    expect(out).toEqual([{ kind: 'scan', text: token, startedAt: 0, endedAt: keys.at(-1)!.at }]);
    expect(d.tick(keys.at(-1)!.at + 1000)).toEqual([]);
  });

  it('delivers a complete token at its last key; the Enter after it is swallowed, a later one is not', () => {
    const d = new WedgeDecoder();
    const keys = schedule(token, 0, 12);
    const results = keys.map((k) => d.key(k));
    const last = keys.at(-1)!.at;
    expect(results.at(-1)).toMatchObject({ outputs: [{ kind: 'scan', text: token }], consumed: true });
    expect(results.slice(0, -1).every((r) => r.outputs.length === 0)).toBe(true);
    expect(d.key(enter(last + 60))).toEqual({ outputs: [], consumed: true, takeBackFrom: null });
    expect(d.key(enter(last + 60 + 400))).toEqual({ outputs: [], consumed: false, takeBackFrom: null });
  });

  it('lets the first keys through until six fast keys prove a scanner, then says where the scan began', () => {
    const d = new WedgeDecoder();
    const results = schedule(token, 1000, 4).map((k) => d.key(k));
    expect(results.slice(0, 5).map((r) => r.consumed)).toEqual([false, false, false, false, false]);
    expect(results[5]).toEqual({ outputs: [], consumed: true, takeBackFrom: 1000 });
    expect(results.slice(6).every((r) => r.consumed && r.takeBackFrom === null)).toBe(true);
  });

  it('a pause inside the first keys does not lose the start, of a token or of a library number', () => {
    const d = new WedgeDecoder();
    const out = schedule(token, 0, 20, { 2: 100, 4: 60 }).flatMap((k) => d.key(k).outputs);
    expect(out).toMatchObject([{ kind: 'scan', text: token, startedAt: 0 }]);
    const keys = schedule('29876000123456', 5000, 4, { 3: 120 });
    const results = keys.map((k) => d.key(k));
    expect(results.map((r) => r.takeBackFrom).filter((x) => x !== null)).toEqual([5000]);
    expect([...results.flatMap((r) => r.outputs), ...d.key(enter(keys.at(-1)!.at + 5)).outputs]).toEqual([
      { kind: 'scan', text: '29876000123456', startedAt: 5000, endedAt: keys.at(-1)!.at },
    ]);
  });

  it("a person's key just before a token stays theirs; only the token is taken back", () => {
    const d = new WedgeDecoder();
    const person = d.key({ code: 'KeyX', shift: false, command: false, at: 0 });
    expect(person).toEqual({ outputs: [], consumed: false, takeBackFrom: null });
    const results = schedule(token, 120, 4).map((k) => d.key(k));
    expect(results.flatMap((r) => r.outputs)).toEqual([
      { kind: 'typed', text: 'x' },
      { kind: 'scan', text: token, startedAt: 120, endedAt: 120 + 4 * (token.length - 1) },
    ]);
    expect(results[5]?.takeBackFrom).toBe(120);
  });

  it('a scanner that stops part way through a token gives incomplete, never the fragment', () => {
    for (const cut of [
      token.slice(0, 30), // in the header
      token.slice(0, token.lastIndexOf('.') - 5), // in the payload
      token.slice(0, -10), // a profile algorithm with a short signature
      ']Q1' + token.slice(0, 50),
      'https://cards.example.gov.uk/c', // the URL form, before its '#'
      'https://cards.example.gov.uk/c#' + token.slice(0, 100),
    ]) {
      const d = new WedgeDecoder();
      const keys = schedule(cut, 0, 4);
      expect(
        keys.flatMap((k) => d.key(k).outputs),
        cut,
      ).toEqual([]);
      expect(d.tick(keys.at(-1)!.at + 100), cut).toEqual([]);
      expect(d.tick(keys.at(-1)!.at + 150), cut).toEqual([{ kind: 'incomplete', length: cut.length }]);
    }
  });

  it('the rest of a token cut by a pause beyond the tolerance is swallowed, not scanned', () => {
    const d = new WedgeDecoder();
    const keys = schedule(token, 0, 4, { 120: 400 });
    const results = keys.map((k) => d.key(k));
    const out = [...results.flatMap((r) => r.outputs), ...d.key(enter(keys.at(-1)!.at + 4)).outputs];
    expect(out).toEqual([{ kind: 'incomplete', length: 120 }]);
    expect(results.slice(126).every((r) => r.consumed)).toBe(true);
    // A fresh scan right after is a scan again.
    const again = schedule(token, keys.at(-1)!.at + 300, 4).flatMap((k) => d.key(k).outputs);
    expect(again).toMatchObject([{ kind: 'scan', text: token }]);
  });

  it('codes with no token structure end by silence as scans', () => {
    for (const code of [
      '29876000123456',
      ']C129876000123456',
      'TOTAL-1250-GBP',
      structuralToken('HS256'), // a foreign algorithm: the verifier says unsupported_alg
    ]) {
      const d = new WedgeDecoder();
      const keys = schedule(code, 0, 4);
      expect(
        keys.flatMap((k) => d.key(k).outputs),
        code,
      ).toEqual([]);
      expect(d.tick(keys.at(-1)!.at + 150), code).toMatchObject([{ kind: 'scan', text: code }]);
    }
  });

  it("a scanner's Enter ends its run as a scan, whatever it holds: the verifier judges it", () => {
    const d = new WedgeDecoder();
    const cut = token.slice(0, -10);
    const keys = schedule(cut, 0, 4);
    const out = [...keys.flatMap((k) => d.key(k).outputs), ...d.key(enter(keys.at(-1)!.at + 4)).outputs];
    expect(out).toMatchObject([{ kind: 'scan', text: cut }]);
  });

  it("a person's typing at 100-200 ms per key is never consumed nor a scan", () => {
    const d = new WedgeDecoder();
    const keys = schedule('29876000123456', 0, 110, { 3: 80, 7: 40 });
    const results = [...keys.map((k) => d.key(k)), d.key(enter(keys.at(-1)!.at + 130))];
    expect(results.some((r) => r.consumed)).toBe(false);
    // Gaps of 150 ms or more (before keys 3 and 7) end a person's run as they end a scanner's.
    expect(results.flatMap((r) => r.outputs)).toEqual([
      { kind: 'typed', text: '298' },
      { kind: 'typed', text: '7600' },
      { kind: 'typed', text: '0123456' },
    ]);
  });

  it('options: defaults, the staff range of scanGapMs, and a longer gap tolerating a longer pause', () => {
    expect(DEFAULT_WEDGE_OPTIONS).toEqual({ burstGapMs: 30, burstKeys: 6, scanGapMs: 150, minLength: 6 });
    expect(wedgeOptions({ scanGapMs: 10 }).scanGapMs).toBe(50);
    expect(wedgeOptions({ scanGapMs: 5000 }).scanGapMs).toBe(1000);
    expect(wedgeOptions({ scanGapMs: Number.NaN })).toEqual(DEFAULT_WEDGE_OPTIONS);
    expect(wedgeOptions({ scanGapMs: 50, burstGapMs: 80 }).burstGapMs).toBe(49);
    const keys = schedule('29876000123456', 0, 4, { 7: 200 });
    const run = (d: WedgeDecoder): WedgeOutput[] => [
      ...keys.flatMap((k) => d.key(k).outputs),
      ...d.key(enter(keys.at(-1)!.at + 4)).outputs,
    ];
    expect(run(new WedgeDecoder())).toMatchObject([
      { kind: 'scan', text: '2987600' },
      { kind: 'scan', text: '0123456' },
    ]);
    const tolerant = new WedgeDecoder();
    tolerant.setOptions({ scanGapMs: 300 });
    expect(run(tolerant)).toMatchObject([{ kind: 'scan', text: '29876000123456' }]);
  });
});

describe('silence ticks', () => {
  it('a late tick waits once for keys queued behind it; the next judges', () => {
    const t = new SilenceTicks(25, 0);
    expect(t.judge(25)).toBe(true);
    expect(t.judge(200)).toBe(false); // the loop was blocked: keys may be waiting
    expect(t.judge(225)).toBe(true);
    // Always late (a hidden page): every other tick still judges.
    expect([t.judge(400), t.judge(600), t.judge(800), t.judge(1000)]).toEqual([false, true, false, true]);
  });
});
