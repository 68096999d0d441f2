/**
 * A keyboard-wedge scanner simulator against the wedge decoder, on synthetic timestamps: real
 * signed tokens (ES256 and Ed25519, bare, behind `]Q1` and ECI, in the https URL form) and library
 * numbers, typed at 1, 4, 12 and 20 ms per character, steady, with random pauses of 40-140 ms, or
 * in Bluetooth-like packets, with and without Enter/Tab. Every scan must give exactly one scan of
 * exactly the code, which the real verifier finds valid; a person typing at 100-200 ms per key
 * must never be taken for a scanner. Seeded, so every failure can be replayed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  WedgeDecoder,
  type WedgeKey,
  type WedgeKeyResult,
  type WedgeOptions,
  type WedgeOutput,
} from '../../src/core/wedge-decoder';
import type { CardVerifier } from '../../src/core/verifier';
import { signCompact } from '../../src/issuer/sign';
import { makeDeployment } from '../support/deployment';
import { makeTerminal, type TestTerminal } from '../support/terminal';
import { usKeyFor } from '../support/us-keys';

/** mulberry32: a small seeded generator, so a failing case can be replayed from its seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const between = (rnd: () => number, min: number, max: number): number => min + rnd() * (max - min);

/** The physical key for a character, including the wrapper characters scanners send (`]`, `\`). */
function keyFor(ch: string): { code: string; shift: boolean } {
  if (ch === ']') return { code: 'BracketRight', shift: false };
  if (ch === '\\') return { code: 'Backslash', shift: false };
  return usKeyFor(ch);
}

type Pattern = 'steady' | 'pauses' | 'bluetooth';
type Terminator = 'Enter' | 'Tab' | null;

/**
 * Gaps before each key of a scanner typing `n` characters at `msPerChar`. Pauses stand for USB
 * hubs and OS hiccups: at most one in any six keys (the decoder needs six fast keys in a row
 * somewhere to know a scanner), sometimes among the first keys. Bluetooth sends packets of 8-20
 * characters at the scanner's speed with 20-100 ms between packets.
 */
function scannerGaps(n: number, msPerChar: number, pattern: Pattern, rnd: () => number): number[] {
  const jitter = (): number => msPerChar + between(rnd, -0.3, 0.3) * Math.min(msPerChar, 4);
  const gaps = Array.from({ length: n }, (_, i) => (i === 0 ? 0 : jitter()));
  if (pattern === 'pauses') {
    const at = new Set<number>();
    if (rnd() < 0.4) at.add(1 + Math.floor(rnd() * 5)); // among the first keys
    for (let tries = 0; at.size < 4 && tries < 20; tries++) {
      const i = 1 + Math.floor(rnd() * (n - 1));
      if ([...at].every((j) => Math.abs(j - i) >= 6)) at.add(i);
    }
    for (const i of at) gaps[i] = between(rnd, 40, 140);
  } else if (pattern === 'bluetooth') {
    for (let i = Math.floor(between(rnd, 8, 21)); i < n; i += Math.floor(between(rnd, 8, 21))) {
      gaps[i] = between(rnd, 20, 100);
    }
  }
  return gaps;
}

interface Timed extends WedgeKey {
  readonly char: boolean;
}

function scannerKeys(code: string, start: number, gaps: readonly number[], terminator: Terminator, rnd: () => number) {
  let t = start;
  const keys: Timed[] = [...code].map((ch, i) => {
    t += gaps[i] ?? 0;
    return { ...keyFor(ch), command: false, at: t, char: true };
  });
  // Some scanners send their suffix a little after the data.
  if (terminator)
    keys.push({ code: terminator, shift: false, command: false, at: t + between(rnd, 1, 100), char: false });
  return keys;
}

function personKeys(text: string, start: number, rnd: () => number, enter: boolean): Timed[] {
  let t = start;
  const keys: Timed[] = [...text].map((ch, i) => {
    t += i === 0 ? 0 : between(rnd, 100, 200);
    return { ...keyFor(ch), command: false, at: t, char: true };
  });
  if (enter) keys.push({ code: 'Enter', shift: false, command: false, at: t + between(rnd, 100, 200), char: false });
  return keys;
}

/** Feeds keys in time order, with the host's silence timer ticking every 25 ms in between and after. */
function drive(keys: readonly Timed[], rnd: () => number, options: Partial<WedgeOptions> = {}) {
  const decoder = new WedgeDecoder(options);
  const outputs: WedgeOutput[] = [];
  const results: WedgeKeyResult[] = [];
  let tick = (keys[0]?.at ?? 0) + rnd() * 25;
  for (const key of keys) {
    for (; tick < key.at; tick += 25) outputs.push(...decoder.tick(tick));
    const r = decoder.key(key);
    results.push(r);
    outputs.push(...r.outputs);
  }
  for (const end = (keys.at(-1)?.at ?? 0) + 2000; tick <= end; tick += 25) outputs.push(...decoder.tick(tick));
  return { outputs, results };
}

/** Adjacent typed outputs as one: a person's pauses of 150 ms or more end their runs too. */
function joinTyped(outputs: readonly WedgeOutput[]): WedgeOutput[] {
  const joined: WedgeOutput[] = [];
  for (const o of outputs) {
    const last = joined.at(-1);
    if (o.kind === 'typed' && last?.kind === 'typed')
      joined[joined.length - 1] = { kind: 'typed', text: last.text + o.text };
    else joined.push(o);
  }
  return joined;
}

interface Code {
  readonly name: string;
  readonly text: string;
  /** Null for library numbers, which the card registry checks, not the token verifier. */
  readonly verifier: CardVerifier | null;
}

const codes: Code[] = [];
let longToken: Code;
let terminal: TestTerminal;

beforeAll(async () => {
  const es = await makeDeployment({ alg: 'ES256' });
  const ed = await makeDeployment({ alg: 'EdDSA' });
  const esVerifier = await es.verifier();
  const edVerifier = await ed.verifier();
  const esToken = await es.token();
  const edToken = await ed.token();
  codes.push(
    { name: 'ES256 token', text: esToken, verifier: esVerifier },
    { name: 'Ed25519 token', text: edToken, verifier: edVerifier },
    { name: ']Q1 + ES256 token', text: ']Q1' + esToken, verifier: esVerifier },
    { name: ']Q2 + ECI + Ed25519 token', text: ']Q2\\000026' + edToken, verifier: edVerifier },
    { name: 'https URL form', text: 'https://cards.example.gov.uk/c#' + edToken, verifier: edVerifier },
    { name: 'library number', text: '29876000123456', verifier: null },
  );
  // About 500 characters: unknown claims are ignored by the verifier, and make the code long.
  const long = await signCompact(es.issuerKey, 'civicpass+jwt', { ...es.payload(), note: 'x'.repeat(140) });
  longToken = { name: 'long ES256 token', text: long, verifier: esVerifier };
  terminal = await makeTerminal();
});

afterAll(async () => {
  await terminal.service.close();
});

const SPEEDS = [1, 4, 12, 20];
const PATTERNS: Pattern[] = ['steady', 'pauses', 'bluetooth'];
const TERMINATORS: Terminator[] = ['Enter', 'Tab', null];
const REPEATS = 3;

/** Checks one simulated scan: exactly one scan of exactly the code, and the scanner's keys kept from the page. */
async function expectOneRightScan(code: Code, keys: readonly Timed[], seed: number): Promise<void> {
  const { outputs, results } = drive(keys, random(seed ^ 0x5eed));
  const label = `${code.name}, seed ${seed}`;
  const chars = keys.filter((k) => k.char);
  expect(outputs, label).toEqual([
    { kind: 'scan', text: code.text, startedAt: chars[0]!.at, endedAt: chars.at(-1)!.at },
  ]);
  // From the sixth key every key is the scanner's, its Enter/Tab included; the first five went
  // through and are taken back from the scan's first key.
  const firstConsumed = results.findIndex((r) => r.consumed);
  expect(results[firstConsumed]?.takeBackFrom, label).toBe(chars[0]!.at);
  expect(
    results.slice(firstConsumed).every((r) => r.consumed),
    label,
  ).toBe(true);
  const scan = outputs[0]?.kind === 'scan' ? outputs[0].text : '';
  if (code.verifier) expect(await verdict(code.verifier, scan), label).toBe('valid');
}

/** The verifier's outcome per scanned text, once each: the same text always gets the same verdict. */
const verdicts = new Map<string, Promise<string>>();
function verdict(verifier: CardVerifier, text: string): Promise<string> {
  let v = verdicts.get(text);
  if (!v) verdicts.set(text, (v = verifier.verify(text).then((c) => c.result.outcome)));
  return v;
}

describe('wedge scanner simulator', () => {
  it(`every scan is exactly one scan of the code: ${6 * SPEEDS.length * PATTERNS.length * TERMINATORS.length * REPEATS} cases`, async () => {
    let seed = 1;
    let cases = 0;
    for (const code of codes)
      for (const ms of SPEEDS)
        for (const pattern of PATTERNS)
          for (const terminator of TERMINATORS)
            for (let r = 0; r < REPEATS; r++, seed++) {
              const rnd = random(seed);
              const gaps = scannerGaps(code.text.length, ms, pattern, rnd);
              await expectOneRightScan(code, scannerKeys(code.text, 1000, gaps, terminator, rnd), seed);
              cases++;
            }
    expect(cases).toBe(codes.length * SPEEDS.length * PATTERNS.length * TERMINATORS.length * REPEATS);
  });

  it('a 500-character code at 20 ms per character (ten seconds of keys) is one scan', async () => {
    expect(longToken.text.length).toBeGreaterThanOrEqual(480);
    let seed = 5000;
    for (const pattern of PATTERNS)
      for (const terminator of TERMINATORS) {
        const rnd = random(++seed);
        const gaps = scannerGaps(longToken.text.length, 20, pattern, rnd);
        await expectOneRightScan(longToken, scannerKeys(longToken.text, 0, gaps, terminator, rnd), seed);
      }
  });

  it('typing at 100-200 ms per key is never a scan nor kept from the page: 300 cases', () => {
    const rnd = random(42);
    const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
    const texts = (): string[] => [
      '29876000123456', // a library number typed at the desk
      codes[0]!.text.slice(0, 40), // even a token's start
      Array.from({ length: 1 + Math.floor(rnd() * 30) }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join(''),
    ];
    for (let i = 0; i < 100; i++) {
      for (const text of texts()) {
        const keys = personKeys(text, 0, rnd, rnd() < 0.5);
        const { outputs, results } = drive(keys, rnd);
        expect(
          results.some((r) => r.consumed),
          text,
        ).toBe(false);
        expect(
          outputs.every((o) => o.kind === 'typed'),
          text,
        ).toBe(true);
        expect(outputs.map((o) => (o.kind === 'typed' ? o.text : '')).join(''), text).toBe(text);
      }
    }
  });

  it('a person typing just before and just after a scan keeps their keys, and the scan stays whole', async () => {
    const token = codes[0]!;
    for (let seed = 700; seed < 760; seed++) {
      const rnd = random(seed);
      const before = personKeys('abc12', 0, rnd, false);
      const start = before.at(-1)!.at + between(rnd, 60, 140); // less than scanGapMs: the same run
      const terminator = TERMINATORS[seed % 3]!;
      const scan = scannerKeys(token.text, start, scannerGaps(token.text.length, 4, 'pauses', rnd), terminator, rnd);
      const after = personKeys('xyz', scan.at(-1)!.at + between(rnd, 160, 400), rnd, true);
      const { outputs, results } = drive([...before, ...scan, ...after], rnd);
      expect(joinTyped(outputs), `seed ${seed}`).toEqual([
        { kind: 'typed', text: 'abc12' },
        { kind: 'scan', text: token.text, startedAt: scan[0]!.at, endedAt: scan.filter((k) => k.char).at(-1)!.at },
        { kind: 'typed', text: 'xyz' },
      ]);
      expect(results.find((r) => r.takeBackFrom !== null)?.takeBackFrom, `seed ${seed}`).toBe(start);
      expect(results.slice(-4).some((r) => r.consumed)).toBe(false);
    }
  });

  it('a trailing Enter after a complete token is swallowed; the decoder is ready for a person after it', () => {
    const token = codes[1]!.text;
    const rnd = random(9);
    const keys = scannerKeys(token, 0, scannerGaps(token.length, 4, 'bluetooth', rnd), null, rnd);
    const last = keys.at(-1)!.at;
    const { outputs, results } = drive(
      [
        ...keys,
        { code: 'Enter', shift: false, command: false, at: last + 60, char: false },
        ...personKeys('ok', last + 400, rnd, true),
      ],
      rnd,
    );
    expect(outputs).toMatchObject([
      { kind: 'scan', text: token },
      { kind: 'typed', text: 'ok' },
    ]);
    expect(results.slice(-4).map((r) => r.consumed)).toEqual([true, false, false, false]);
  });

  it('decoded scans of the demo card and its library number are valid at a real terminal', async () => {
    const card = terminal.cards['valid']!.token;
    for (const [text, seed] of [
      [card, 11],
      ['29876000000017', 12],
    ] as const) {
      const rnd = random(seed);
      const keys = scannerKeys(text, 0, scannerGaps(text.length, 20, 'pauses', rnd), null, rnd);
      const scans = drive(keys, rnd).outputs.filter((o) => o.kind === 'scan');
      expect(scans.map((s) => s.text)).toEqual([text]);
      const { result } = await terminal.service.submitScan({ text: scans[0]!.text, source: 'keyboard' });
      expect(result.outcome, text).toBe('valid');
    }
  });
});
