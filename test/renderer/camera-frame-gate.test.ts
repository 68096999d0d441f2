import { describe, expect, it } from 'vitest';
import { FrameGate } from '../../src/renderer/camera/frame-gate';

describe('camera frames: one in flight, a busy tick skipped rather than queued', () => {
  it('skips every tick while a frame is decoding, then sends the next fresh frame', () => {
    const gate = new FrameGate();
    expect(gate.tryBegin()).toBe(true);
    // A slow frame: three more ticks arrive before its answer; none is queued.
    expect([gate.tryBegin(), gate.tryBegin(), gate.tryBegin()]).toEqual([false, false, false]);
    gate.end();
    expect(gate.tryBegin()).toBe(true);
    gate.end();
    expect({ skipped: gate.skipped, decoded: gate.decoded }).toEqual({ skipped: 3, decoded: 2 });
  });

  it('an answer without a frame in flight (a worker restarted) changes nothing', () => {
    const gate = new FrameGate();
    gate.end();
    expect(gate.decoded).toBe(0);
    expect(gate.tryBegin()).toBe(true);
  });
});
