import { useCallback, useEffect, useState } from 'react';
import { CodePresence } from '../../core/code-presence';
import type { FrameAnswer, FrameRequest } from '../camera/decode-worker';
import { FrameGate } from '../camera/frame-gate';
import { useLatest } from './useLatest';

export type CameraState = 'off' | 'starting' | 'on' | 'denied' | 'missing' | 'error';

export interface CameraView {
  readonly state: CameraState;
  /** The live stream, for a preview on whichever screen shows one. */
  readonly stream: MediaStream | null;
  /** A code is in view but could not be read in the last moment. */
  readonly unread: boolean;
  /** The camera has a light the page may switch (null: it has none). */
  readonly torch: boolean | null;
  readonly setTorch: (on: boolean) => void;
}

/**
 * Frames are sampled at most this often: enough to catch a card, light on the CPU. It is also a
 * frame's budget in the worker, which decides whether a denoising retry fits.
 */
const FRAME_INTERVAL_MS = 150;
/** A 1280x720 camera is decoded at full size (p50 under 20 ms in the worker, docs/benchmarks.md). */
const MAX_WIDTH = 1280;
/** How long "seen but not read" stays up after the last such frame. */
const UNREAD_HINT_MS = 1200;

interface TorchCapabilities extends MediaTrackCapabilities {
  torch?: boolean;
}

/**
 * The camera and its decoding: getUserMedia into a video element of its own, frames grabbed on a
 * timer (never more than one in flight: a tick while the worker is busy is skipped, FrameGate)
 * and decoded in a Web Worker, so the UI stays smooth. It
 * runs for as long as it is enabled, whatever the screen, so a different card replaces a shown
 * result at once; a card left in front of it is one scan (CodePresence).
 */
export function useCamera(enabled: boolean, deviceId: string | null, onCode: (text: string) => void): CameraView {
  const [state, setState] = useState<CameraState>('off');
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [unread, setUnread] = useState(false);
  const [torch, setTorchState] = useState<boolean | null>(null);
  const callback = useLatest(onCode);

  useEffect(() => {
    if (!enabled) {
      setState('off');
      return;
    }
    let media: MediaStream | null = null;
    let timer: number | undefined;
    let unreadTimer: number | undefined;
    let cancelled = false;
    const presence = new CodePresence();
    const worker = new Worker(new URL('../camera/decode-worker.ts', import.meta.url), { type: 'module' });
    const video = document.createElement('video');
    video.muted = true;
    video.playsInline = true;
    const gate = new FrameGate();
    let nextId = 0;
    worker.onmessage = (e: MessageEvent<FrameAnswer>) => {
      gate.end();
      for (const text of presence.frame(e.data.codes, performance.now())) callback.current(text);
      if (e.data.unread > 0 && e.data.codes.length === 0) {
        setUnread(true);
        window.clearTimeout(unreadTimer);
        unreadTimer = window.setTimeout(() => setUnread(false), UNREAD_HINT_MS);
      } else if (e.data.codes.length > 0) {
        setUnread(false);
      }
    };
    const canvas = document.createElement('canvas');
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    const grab = (): void => {
      if (video.readyState < 2 || !ctx || !gate.tryBegin()) return;
      const scale = Math.min(1, MAX_WIDTH / video.videoWidth);
      canvas.width = Math.round(video.videoWidth * scale);
      canvas.height = Math.round(video.videoHeight * scale);
      ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
      const frame = ctx.getImageData(0, 0, canvas.width, canvas.height);
      const request: FrameRequest = {
        id: nextId++,
        width: frame.width,
        height: frame.height,
        data: frame.data,
        budgetMs: FRAME_INTERVAL_MS,
      };
      worker.postMessage(request, [frame.data.buffer]);
    };
    setState('starting');
    navigator.mediaDevices
      .getUserMedia({
        video: deviceId ? { deviceId: { exact: deviceId } } : { facingMode: 'environment' },
        audio: false,
      })
      .then(async (s) => {
        if (cancelled) {
          s.getTracks().forEach((t) => t.stop());
          return;
        }
        media = s;
        video.srcObject = s;
        await video.play().catch(() => undefined);
        // Switched off (or to another camera) while starting: the cleanup has run already.
        if (cancelled) {
          s.getTracks().forEach((t) => t.stop());
          return;
        }
        const track = s.getVideoTracks()[0];
        const caps = (track?.getCapabilities?.() ?? {}) as TorchCapabilities;
        setTorchState(caps.torch === true ? false : null);
        setStream(s);
        setState('on');
        timer = window.setInterval(grab, FRAME_INTERVAL_MS);
      })
      .catch((e: unknown) => {
        const name = (e as DOMException).name;
        setState(
          name === 'NotAllowedError' || name === 'SecurityError'
            ? 'denied'
            : name === 'NotFoundError' || name === 'OverconstrainedError'
              ? 'missing'
              : 'error',
        );
      });
    return () => {
      cancelled = true;
      window.clearInterval(timer);
      window.clearTimeout(unreadTimer);
      media?.getTracks().forEach((t) => t.stop());
      worker.terminate();
      video.srcObject = null;
      setStream(null);
      setUnread(false);
      setTorchState(null);
    };
  }, [enabled, deviceId, callback]);

  const setTorch = useCallback(
    (on: boolean) => {
      const track = stream?.getVideoTracks()[0];
      if (!track) return;
      const torchOn: MediaTrackConstraintSet & { torch?: boolean } = { torch: on };
      track.applyConstraints({ advanced: [torchOn] }).then(
        () => setTorchState(on),
        () => setTorchState(null),
      );
    },
    [stream],
  );

  return { state, stream, unread, torch, setTorch };
}
