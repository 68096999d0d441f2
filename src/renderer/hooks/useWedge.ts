import { useEffect, useRef } from 'react';
import { SilenceTicks, WedgeDecoder, type WedgeOptions, type WedgeOutput } from '../../core/wedge-decoder';
import { useLatest } from './useLatest';

export interface WedgeHandlers {
  onScan(text: string): void;
  /** A scanner stopped part way through a card token: ask for the card again. */
  onIncomplete(): void;
}

/** Silence is checked this often: a run ends at most this long after `scanGapMs` of silence. */
const TICK_MS = 25;

type Field = HTMLInputElement | HTMLTextAreaElement;

/** Sets a field's value so that React sees it: a controlled input ignores a plain assignment. */
function restore(field: Field, value: string): void {
  const proto = field instanceof HTMLInputElement ? HTMLInputElement.prototype : HTMLTextAreaElement.prototype;
  Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(field, value);
  field.dispatchEvent(new Event('input', { bubbles: true }));
}

/**
 * Runs the keyboard-wedge decoder on the page's key events (physical `event.code`, timed by
 * `event.timeStamp`), so a wedge scanner works without focus in any field. A scanner's keys are
 * kept from focused controls (its Enter must not press Done), and its first keys, which reached a
 * field before the run was known to be a scanner's, are taken back out of it. A person's typing
 * passes through untouched.
 */
export function useWedge(handlers: WedgeHandlers, options: Partial<WedgeOptions> = {}, enabled = true): void {
  const current = useLatest(handlers);
  const latestOptions = useLatest(options);
  const decoder = useRef<WedgeDecoder | null>(null);
  const { burstGapMs, burstKeys, scanGapMs, minLength } = options;

  // Options by value: callers pass a fresh object each render, and a new decoder would drop a scan.
  useEffect(() => {
    decoder.current?.setOptions({ burstGapMs, burstKeys, scanGapMs, minLength });
  }, [burstGapMs, burstKeys, scanGapMs, minLength]);

  useEffect(() => {
    if (!enabled) return;
    const wedge = new WedgeDecoder(latestOptions.current);
    decoder.current = wedge;
    /** Keys let through lately: when each came, the field it reached and that field's value before it. */
    let passed: { at: number; field: Field | null; before: string }[] = [];
    const deliver = (outputs: readonly WedgeOutput[]): void => {
      for (const o of outputs) {
        if (o.kind === 'scan') current.current.onScan(o.text);
        else if (o.kind === 'incomplete') current.current.onIncomplete();
      }
    };
    const onKey = (e: KeyboardEvent): void => {
      const at = e.timeStamp || performance.now();
      const command = e.ctrlKey || e.altKey || e.metaKey;
      const { outputs, consumed, takeBackFrom } = wedge.key({ code: e.code, shift: e.shiftKey, command, at });
      if (consumed) {
        e.preventDefault();
        if (takeBackFrom !== null) {
          // Latest first, so each field ends with its value from before the scan's first key.
          for (const { field, before } of passed.filter((p) => p.at >= takeBackFrom).reverse()) {
            if (field?.isConnected) restore(field, before);
          }
        }
        passed = [];
      } else {
        const field = e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement ? e.target : null;
        // Bounded: only keys of a run not yet recognised can be taken back, and runs are short.
        passed = [...passed.slice(-255), { at, field, before: field?.value ?? '' }];
      }
      deliver(outputs);
    };
    const ticks = new SilenceTicks(TICK_MS, performance.now());
    const timer = window.setInterval(() => {
      const now = performance.now();
      if (ticks.judge(now)) deliver(wedge.tick(now));
    }, TICK_MS);
    window.addEventListener('keydown', onKey, true);
    return () => {
      window.removeEventListener('keydown', onKey, true);
      window.clearInterval(timer);
      decoder.current = null;
    };
    // Only `enabled` makes a new decoder: later options reach this one through setOptions above.
  }, [enabled, current, latestOptions]);
}
