import { useEffect, useRef, useState } from 'react';
import { useLatest } from './useLatest';
import { stopSpeaking } from '../feedback/speech';

const IDLE_MS = 20_000;
const IDLE_WARNING_MS = 5_000;

/**
 * Self-service: any touch or key counts as activity and stops speech; after 20 s without any,
 * while away from a plain Ready screen, `onIdle` puts the kiosk back for the next resident.
 * Returns the seconds left once the last 5 s have begun (for the countdown), else null.
 */
export function useIdleReturn(
  active: boolean,
  away: boolean,
  onIdle: () => void,
  /** How long without activity (default 20 s); a change of `activity` counts as activity (a scanned item). */
  options: { readonly idleMs?: number; readonly activity?: unknown } = {},
): number | null {
  const [left, setLeft] = useState<number | null>(null);
  const lastActivity = useRef<number | null>(null);
  const idle = useLatest(onIdle);
  const idleMs = options.idleMs ?? IDLE_MS;
  useEffect(() => {
    lastActivity.current = Date.now();
    setLeft(null);
  }, [options.activity]);
  useEffect(() => {
    lastActivity.current ??= Date.now();
    const touch = (): void => {
      lastActivity.current = Date.now();
      setLeft(null);
      stopSpeaking();
    };
    window.addEventListener('pointerdown', touch, true);
    window.addEventListener('keydown', touch, true);
    const timer = window.setInterval(() => {
      const quiet = Date.now() - (lastActivity.current ?? Date.now());
      if (!active || !away) return setLeft(null);
      if (quiet >= idleMs) {
        idle.current();
        setLeft(null);
      } else if (quiet >= idleMs - IDLE_WARNING_MS) setLeft(Math.ceil((idleMs - quiet) / 1000));
    }, 250);
    return () => {
      window.removeEventListener('pointerdown', touch, true);
      window.removeEventListener('keydown', touch, true);
      window.clearInterval(timer);
    };
  }, [active, away, idle, idleMs]);
  return left;
}
