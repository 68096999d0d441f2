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

  it('a different card replaces it at once, and then the first card counts again', () => {
    expect(run(new CodePresence(), [['A'], ['A'], ['B'], ['B'], ['A']])).toEqual(['A', 'B', 'A']);
  });

  it('a clock that jumps back does not hold a code forever', () => {
    const p = new CodePresence(1500);
    expect(p.frame(['A'], 10_000)).toEqual(['A']);
    expect(p.frame(['A'], 5_000)).toEqual(['A']);
  });
});
