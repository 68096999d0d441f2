import { describe, expect, it } from 'vitest';
import { CodePresence } from '../../src/core/code-presence';

/** Frames every 150 ms, as the camera samples them. */
function run(presence: CodePresence, frames: readonly (readonly string[])[], startMs = 0): string[] {
  return frames.flatMap((codes, i) => presence.frame(codes, startMs + i * 150));
}

describe('camera code presence', () => {
  it('a card held in front of the camera for 15 s is one scan, missed frames and all', () => {
    // 100 frames; the decoder misses one frame in four, as it does with a moving hand.
    const frames = Array.from({ length: 100 }, (_, i) => (i % 4 === 3 ? [] : ['A']));
    expect(run(new CodePresence(), frames)).toEqual(['A']);
  });

  it('the same card counts again once it has left the view', () => {
    const p = new CodePresence(1500);
    const away = Array.from({ length: 11 }, () => []); // 1.65 s without a decode
    expect(run(p, [['A'], ['A'], ...away, ['A']])).toEqual(['A', 'A']);
  });

  it('a different card is new at once; the first card shown again after it counts again', () => {
    expect(run(new CodePresence(), [['A'], ['A'], [], [], [], ['B'], ['B'], ['A']])).toEqual(['A', 'B', 'A']);
  });

  it('a sheet of several codes in view is one scan each, though frames miss one now and then', () => {
    // The demo card page: six codes in view for 30 s; each frame decodes up to four of them, not
    // always the same four.
    const codes = ['A', 'B', 'C', 'D', 'E', 'F'];
    const frames = Array.from({ length: 200 }, (_, i) => codes.filter((_, k) => (i + k) % 3 !== 0).slice(0, 4));
    const delivered = run(new CodePresence(), frames);
    expect(delivered.sort()).toEqual(codes);
  });

  it('two cards held up together are one scan each, not an endless alternation', () => {
    const frames = Array.from({ length: 60 }, (_, i) => (i % 5 === 0 ? ['A'] : i % 7 === 0 ? ['B'] : ['A', 'B']));
    expect(run(new CodePresence(), frames)).toEqual(['A', 'B']);
  });

  it('a clock that jumps back does not hold a code forever', () => {
    const p = new CodePresence(1500);
    expect(p.frame(['A'], 10_000)).toEqual(['A']);
    expect(p.frame(['A'], 5_000)).toEqual(['A']);
  });
});
