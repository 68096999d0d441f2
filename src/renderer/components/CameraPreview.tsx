import { useEffect, useRef } from 'react';
import type { CameraView } from '../hooks/useCamera';
import { useT } from '../i18n';

/**
 * The camera's picture with an aiming frame, a hint when a code is seen but not read, and the
 * light switch where the camera has one. Decoding runs elsewhere (useCamera); this only shows.
 */
export function CameraPreview({ camera, small = false }: { camera: CameraView; small?: boolean }) {
  const t = useT();
  const video = useRef<HTMLVideoElement | null>(null);
  useEffect(() => {
    const v = video.current;
    if (!v) return;
    v.srcObject = camera.stream;
    if (camera.stream) void v.play().catch(() => undefined);
  }, [camera.stream]);
  return (
    <div className={`preview-box${small ? ' small' : ''}`}>
      <div className="preview-frame">
        <video ref={video} className="preview" muted playsInline aria-hidden="true" />
        <div className="aim" aria-hidden="true" />
      </div>
      <p className={`camera-hint${camera.unread ? ' camera-hint-unread' : ''}`} role="status">
        {camera.unread ? t.ui.holdStill : t.ui.aimHint}
      </p>
      {camera.torch !== null && (
        <button type="button" className="secondary torch" onClick={() => camera.setTorch(!camera.torch)}>
          {camera.torch ? t.ui.torchOff : t.ui.torchOn}
        </button>
      )}
    </div>
  );
}
