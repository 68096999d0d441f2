import type { Outcome } from '../../core/reasons';

interface Tone {
  readonly freq: [number, number];
  readonly start: number;
  readonly length: number;
}

/**
 * One sound per outcome (docs/contract/ui-brief.md, "The four outcomes"): rising tone, two mid
 * tones, one low long tone, two low tones.
 */
const PATTERNS: Record<Outcome | 'chime', Tone[]> = {
  valid: [{ freq: [660, 990], start: 0, length: 0.18 }],
  limited: [
    { freq: [520, 520], start: 0, length: 0.14 },
    { freq: [520, 520], start: 0.22, length: 0.14 },
  ],
  invalid: [{ freq: [220, 200], start: 0, length: 0.7 }],
  unverifiable: [
    { freq: [260, 260], start: 0, length: 0.2 },
    { freq: [230, 230], start: 0.3, length: 0.2 },
  ],
  // "Call staff": a bright three-note doorbell, unlike any result.
  chime: [
    { freq: [784, 784], start: 0, length: 0.22 },
    { freq: [988, 988], start: 0.25, length: 0.22 },
    { freq: [1319, 1319], start: 0.5, length: 0.35 },
  ],
};

let context: AudioContext | null = null;
/** 0..1, from the staff's volume setting. */
let volume = 0.8;

export function setVolume(percent: number): void {
  volume = Math.min(1, Math.max(0, percent / 100));
}

function play(tones: readonly Tone[]): void {
  if (volume === 0) return;
  try {
    context ??= new AudioContext();
    const now = context.currentTime;
    const peak = 0.4 * volume;
    for (const p of tones) {
      const osc = context.createOscillator();
      const gain = context.createGain();
      osc.frequency.setValueAtTime(p.freq[0], now + p.start);
      osc.frequency.linearRampToValueAtTime(p.freq[1], now + p.start + p.length);
      gain.gain.setValueAtTime(0.0001, now + p.start);
      gain.gain.exponentialRampToValueAtTime(peak, now + p.start + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, now + p.start + p.length);
      osc.connect(gain).connect(context.destination);
      osc.start(now + p.start);
      osc.stop(now + p.start + p.length + 0.05);
    }
  } catch {
    // No audio device: the screen still shows the result.
  }
}

/** Plays the outcome's sound; silently does nothing where audio is unavailable. */
export function playOutcome(outcome: Outcome): void {
  play(PATTERNS[outcome]);
}

/** The "Call staff" sound, on the kiosk that called and on the staff terminals told of it. */
export function playChime(): void {
  play(PATTERNS.chime);
}

/** The four result sounds one after another, for the sound test in Admin. */
export function playAllOutcomes(): void {
  (['valid', 'limited', 'invalid', 'unverifiable'] as const).forEach((o, i) =>
    window.setTimeout(() => playOutcome(o), i * 1100),
  );
}
