import { readFileSync, writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';

/**
 * Turns a PNG into a Y4M file (YUV 4:2:0) that Chromium plays as a fake camera
 * (--use-file-for-fake-video-capture). The image is centred on a grey 640x480 frame, as a card
 * held up to a camera would be. Pure Node, so CI needs no ffmpeg.
 */
export function pngToY4m(pngPath: string, y4mPath: string, width = 640, height = 480, frames = 30): void {
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F30:1 Ip A1:1 C420jpeg\n`);
  const frame = frameOf(pngPath, width, height);
  writeFileSync(y4mPath, Buffer.concat([header, ...new Array<Buffer>(frames).fill(frame)]));
}

/**
 * A film of cards held up one after another: each PNG for so many seconds, at `fps` frames a
 * second (Chromium plays the file at its own rate, then loops it).
 */
export function cardsToY4m(
  segments: readonly { png: string; seconds: number }[],
  y4mPath: string,
  fps = 2,
  width = 640,
  height = 480,
): void {
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F${fps}:1 Ip A1:1 C420jpeg\n`);
  const frames: Buffer[] = [header];
  for (const { png, seconds } of segments) {
    const frame = frameOf(png, width, height);
    for (let i = 0; i < seconds * fps; i++) frames.push(frame);
  }
  writeFileSync(y4mPath, Buffer.concat(frames));
}

/** One YUV 4:2:0 frame with the image centred on grey. */
function frameOf(pngPath: string, width: number, height: number): Buffer {
  const png = PNG.sync.read(readFileSync(pngPath));
  const scale = Math.min(1, (height * 0.9) / png.height, (width * 0.9) / png.width);
  const w = Math.floor(png.width * scale);
  const h = Math.floor(png.height * scale);
  const ox = Math.floor((width - w) / 2);
  const oy = Math.floor((height - h) / 2);
  const rgb = (x: number, y: number): [number, number, number] => {
    const ix = x - ox;
    const iy = y - oy;
    if (ix < 0 || iy < 0 || ix >= w || iy >= h) return [200, 200, 200];
    const sx = Math.min(png.width - 1, Math.floor(ix / scale));
    const sy = Math.min(png.height - 1, Math.floor(iy / scale));
    const i = (sy * png.width + sx) * 4;
    return [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!];
  };
  const yPlane = Buffer.alloc(width * height);
  const uPlane = Buffer.alloc((width / 2) * (height / 2));
  const vPlane = Buffer.alloc((width / 2) * (height / 2));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b] = rgb(x, y);
      yPlane[y * width + x] = Math.round(0.299 * r + 0.587 * g + 0.114 * b);
      if (x % 2 === 0 && y % 2 === 0) {
        const k = (y / 2) * (width / 2) + x / 2;
        uPlane[k] = Math.round(128 - 0.168736 * r - 0.331264 * g + 0.5 * b);
        vPlane[k] = Math.round(128 + 0.5 * r - 0.418688 * g - 0.081312 * b);
      }
    }
  }
  return Buffer.concat([Buffer.from('FRAME\n'), yPlane, uPlane, vPlane]);
}
