import { describe, expect, it } from 'vitest';
import { TrustedClock } from '../../src/core/trusted-clock';
import type { Clock } from '../../src/core/time';
import { NOW } from '../support/deployment';

function movable(at: number): Clock & { set(t: number): void } {
  let t = at;
  return { now: () => t, set: (v) => (t = v) };
}

describe('TrustedClock', () => {
  it('only moves forward', () => {
    const c = new TrustedClock(movable(NOW), () => 300, NOW - 100);
    expect(c.observe(NOW - 200)).toBe(false);
    expect(c.trusted).toBe(NOW - 100);
    expect(c.observe(NOW)).toBe(true);
    expect(c.trusted).toBe(NOW);
    expect(c.observe(Number.NaN)).toBe(false);
  });

  it('is suspect only when the system clock lags by more than the tolerance', () => {
    const sys = movable(NOW);
    const c = new TrustedClock(sys, () => 300, NOW + 300);
    expect(c.read()).toEqual({ system: NOW, trusted: NOW + 300, suspect: false, effective: NOW });
    c.observe(NOW + 301);
    expect(c.read()).toMatchObject({ suspect: true, effective: NOW + 301 });
    sys.set(NOW + 400);
    expect(c.read()).toMatchObject({ suspect: false, effective: NOW + 400 });
  });

  it('a clock ahead of the trusted time is never suspect', () => {
    expect(new TrustedClock(movable(NOW + 86400 * 365), () => 300, NOW).read().suspect).toBe(false);
  });
});
