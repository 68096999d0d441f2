import { useEffect, useRef } from 'react';
import { WedgeDecoder } from '../../core/wedge-decoder';

/**
 * Runs the keyboard-wedge decoder on the page's key events (physical `event.code`), so a wedge
 * scanner works without focus in any field. Keys of a scan burst are kept from reaching inputs;
 * a person's typing passes through untouched.
 */
export function useWedge(onScan: (text: string) => void, enabled = true): void {
  const callback = useRef(onScan);
  callback.current = onScan;
  useEffect(() => {
    if (!enabled) return;
    const decoder = new WedgeDecoder();
    let burst = 0;
    let last = 0;
    const deliver = (outputs: ReturnType<WedgeDecoder['key']>): void => {
      for (const o of outputs) if (o.kind === 'scan') callback.current(o.text);
    };
    const onKey = (e: KeyboardEvent): void => {
      const at = e.timeStamp || performance.now();
      burst = at - last < 30 ? burst + 1 : 0;
      last = at;
      const inField = e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement;
      // Inside a field, only a running burst (a scanner) is swallowed; elsewhere the scanner's
      // Enter would otherwise press whichever button has focus.
      if (
        (burst >= 2 && (e.key.length === 1 || e.key === 'Enter' || e.key === 'Tab')) ||
        (!inField && burst >= 1 && e.key === 'Enter')
      ) {
        e.preventDefault();
      }
      deliver(decoder.key({ code: e.code, shift: e.shiftKey, command: e.ctrlKey || e.altKey || e.metaKey, at }));
    };
    const timer = setInterval(() => deliver(decoder.tick(performance.now())), 50);
    window.addEventListener('keydown', onKey, true);
    return () => {
      window.removeEventListener('keydown', onKey, true);
      clearInterval(timer);
    };
  }, [enabled]);
}
