import type { Outcome } from '../../core/reasons';

/** One sound per outcome (ui.md): rising tone, two mid tones, one low long tone, two low tones. */
const PATTERNS: Record<Outcome, { freq: [number, number]; start: number; length: number }[]> = {
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
};

let context: AudioContext | null = null;

/** Plays the outcome's sound; silently does nothing where audio is unavailable. */
export function playOutcome(outcome: Outcome): void {
  try {
    context ??= new AudioContext();
    const now = context.currentTime;
    for (const p of PATTERNS[outcome]) {
      const osc = context.createOscillator();
      const gain = context.createGain();
      osc.frequency.setValueAtTime(p.freq[0], now + p.start);
      osc.frequency.linearRampToValueAtTime(p.freq[1], now + p.start + p.length);
      gain.gain.setValueAtTime(0.0001, now + p.start);
      gain.gain.exponentialRampToValueAtTime(0.3, now + p.start + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, now + p.start + p.length);
      osc.connect(gain).connect(context.destination);
      osc.start(now + p.start);
      osc.stop(now + p.start + p.length + 0.05);
    }
  } catch {
    // No audio device: the screen still shows the result.
  }
}
