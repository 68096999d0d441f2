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
    expect(c.read()).toEqual({
      system: NOW,
      trusted: NOW + 300,
      suspect: false,
      behind: false,
      serverSkew: null,
      effective: NOW,
    });
    c.observe(NOW + 301);
    expect(c.read()).toMatchObject({ suspect: true, effective: NOW + 301 });
    sys.set(NOW + 400);
    expect(c.read()).toMatchObject({ suspect: false, effective: NOW + 400 });
  });

  it('a clock ahead of the trusted time is never suspect', () => {
    expect(new TrustedClock(movable(NOW + 86400 * 365), () => 300, NOW).read().suspect).toBe(false);
  });

  it("the server's unsigned Date only warns, either way, and never moves the trusted time", () => {
    const c = new TrustedClock(movable(NOW), () => 300, NOW - 60);
    c.noteServerTime(NOW + 10 * 365 * 86400);
    expect(c.read()).toMatchObject({ trusted: NOW - 60, suspect: true, behind: false, effective: NOW });
    c.noteServerTime(NOW - 301);
    expect(c.read()).toMatchObject({ suspect: true, effective: NOW });
    c.noteServerTime(NOW + 20);
    expect(c.read()).toMatchObject({ suspect: false, serverSkew: 20 });
  });

  it('staff can reset a trusted time that ran ahead', () => {
    const c = new TrustedClock(movable(NOW), () => 300, NOW + 10 * 365 * 86400);
    expect(c.read()).toMatchObject({ behind: true, suspect: true });
    c.reset(NOW);
    expect(c.read()).toMatchObject({ behind: false, suspect: false, effective: NOW });
  });
});
