import { useEffect, useRef, useState } from 'react';
import type { DecodedBarcode } from '../../decoder/types';

export type CameraState = 'off' | 'starting' | 'on' | 'denied' | 'missing' | 'error';

/** Frames are sampled at most this often: enough to catch a card, light on the CPU. */
const FRAME_INTERVAL_MS = 150;
const MAX_WIDTH = 960;

/**
 * The camera preview and its decoding: getUserMedia into a <video>, frames grabbed on a timer
 * (never more than one in flight) and decoded in a Web Worker, so the UI stays smooth.
 */
export function useCamera(enabled: boolean, deviceId: string | null, onCode: (text: string) => void) {
  const videoRef = useRef<HTMLVideoElement | null>(null);
  const [state, setState] = useState<CameraState>('off');
  const callback = useRef(onCode);
  callback.current = onCode;

  useEffect(() => {
    if (!enabled) {
      setState('off');
      return;
    }
    let stream: MediaStream | null = null;
    let timer: number | undefined;
    let cancelled = false;
    const worker = new Worker(new URL('../camera/decode-worker.ts', import.meta.url), { type: 'module' });
    let busy = false;
    let nextId = 0;
    worker.onmessage = (e: MessageEvent<{ codes: DecodedBarcode[] }>) => {
      busy = false;
      for (const code of e.data.codes) callback.current(code.text);
    };
    const canvas = document.createElement('canvas');
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    const grab = (): void => {
      const video = videoRef.current;
      if (busy || !video || video.readyState < 2 || !ctx) return;
      const scale = Math.min(1, MAX_WIDTH / video.videoWidth);
      canvas.width = Math.round(video.videoWidth * scale);
      canvas.height = Math.round(video.videoHeight * scale);
      ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
      const frame = ctx.getImageData(0, 0, canvas.width, canvas.height);
      busy = true;
      worker.postMessage({ id: nextId++, width: frame.width, height: frame.height, data: frame.data }, [
        frame.data.buffer,
      ]);
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
        stream = s;
        const video = videoRef.current;
        if (video) {
          video.srcObject = s;
          await video.play().catch(() => undefined);
        }
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
      stream?.getTracks().forEach((t) => t.stop());
      worker.terminate();
    };
  }, [enabled, deviceId]);

  return { videoRef, state };
}
