import { describe, expect, it } from 'vitest';
import { BootKeyboardReader, WedgeDecoder, type WedgeKey, type WedgeOutput } from '../../src/core/wedge-decoder';
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
    out.push(...decoder.key({ ...k, command: false, at: t }));
    t += gapMs;
  }
  if (terminator) out.push(...decoder.key({ code: terminator, shift: false, command: false, at: t }));
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
    expect(d.tick(3 * 13 + 10)).toEqual([]);
    expect(d.tick(3 * 13 + 31)).toMatchObject([{ kind: 'scan', text: '29876000123456' }]);
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
    expect(german.flatMap((k) => d.key(k))).toEqual([{ kind: 'scan', text: 'yZ_.:#', startedAt: 0, endedAt: 25 }]);
  });

  it('a shortcut or non-character key breaks a burst', () => {
    const d = new WedgeDecoder();
    const out = [...type(d, 'abcdefgh', 0, 3, null), ...d.key({ code: 'KeyC', shift: false, command: true, at: 25 })];
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
      for (const k of r.report(report(0, u), t)) out.push(...d.key(k));
      r.report(report(0), t + 1);
      t += 4;
    }
    for (const k of r.report(report(0, 0x28), t)) out.push(...d.key(k));
    expect(out).toEqual([{ kind: 'scan', text: '28875000', startedAt: 0, endedAt: 28 }]);
  });
});
