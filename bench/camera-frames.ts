/**
 * Camera frames in the worker: the built camera worker (out/renderer/assets/decode-worker-*.js,
 * the file the kiosk loads) in Chromium, fed frames drawn on a canvas and read back as useCamera
 * does: a card (corpus images) over a cluttered counter (the corpus's no-code photo, stretched),
 * and frames with no code at all. Per frame: the decode time the
 * worker reports (denoising retry included, with the camera's 150 ms budget) and the round trip.
 * Target (issue 15): 1280x720 at p50 under 20 ms. Baseline in the same run: the same frames at
 * 960x540, the size the camera decoded before.
 * Then the frame gate: a timer faster than a decode (every 8 ms) for 1 s, one frame in flight and
 * busy ticks skipped (useCamera's FrameGate), against posting at every tick (a queue).
 * Run: npx electron-vite build --logLevel error && npx tsx bench/camera-frames.ts
 */
import { chromium } from '@playwright/test';
import { createReadStream, existsSync, readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../test/support/chromium';
import { fmt, percentile, printTable } from './support';

const ROUNDS = 40;
const root = join(import.meta.dirname, '..');
const renderer = join(root, 'out/renderer');
const corpus = join(root, 'test/fixtures/barcodes/corpus');
const worker = readdirSync(join(renderer, 'assets')).find((f) => /^decode-worker-.*\.js$/.test(f));
if (!worker) throw new Error('no built camera worker: run npx electron-vite build first');

const TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.html': 'text/html',
};
/** The built renderer at /, the corpus at /corpus/, and an empty page to run the bench in. */
const server = createServer((req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
  if (path === '/bench.html') {
    res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>camera frames</title>');
    return;
  }
  const file = path.startsWith('/corpus/') ? join(corpus, path.slice(8)) : join(renderer, path);
  if (path.includes('..') || !existsSync(file)) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
  createReadStream(file).pipe(res);
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
const page = await browser.newPage();
await page.goto(`${base}/bench.html`);

// Corpus images: each symbology clean (the quick read's case), a Code 128 turned 90 degrees (read
// by the retry), and no code at all (the quick read, then the retry, both in vain).
const SCENES = [
  'qr-clean',
  'pdf417-clean',
  'aztec-clean',
  'datamatrix-clean',
  'code128-clean',
  'code128-rotate90',
  null,
] as const;
interface Sample {
  scene: string;
  width: number;
  ms: number;
  roundTrip: number;
  found: boolean;
}
interface GateRun {
  ticks: number;
  sent: number;
  skipped: number;
  latencies: number[];
}
// The in-page code is a string: the TypeScript loader would otherwise add helpers the page lacks.
const setup = `
  const worker = new Worker('/assets/${worker}', { type: 'module' });
  const pending = new Map();
  let nextId = 0;
  worker.onmessage = (e) => { const done = pending.get(e.data.id); pending.delete(e.data.id); done(e.data); };
  const send = (frame) => new Promise((resolve) => {
    const id = nextId++;
    pending.set(id, resolve);
    worker.postMessage({ id, width: frame.width, height: frame.height, data: frame.data, budgetMs: 150 }, [frame.data.buffer]);
  });
  const load = (src) => new Promise((resolve, reject) => {
    const img = new Image(); img.onload = () => resolve(img); img.onerror = reject; img.src = src;
  });
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  const counter = await load('/corpus/no-code.png');
  // A frame as the camera sees it at 1280x720 (the card at most 700 pixels high), drawn at the
  // width asked, as useCamera scales it.
  const frame = (card, width) => {
    const height = Math.round(width * 9 / 16);
    canvas.width = width; canvas.height = height;
    ctx.drawImage(counter, 0, 0, width, height);
    const k = card ? Math.min(1, 700 / card.height) * width / 1280 : 0;
    if (card) ctx.drawImage(card, (width - card.width * k) / 2, (height - card.height * k) / 2, card.width * k, card.height * k);
    return ctx.getImageData(0, 0, width, height);
  };
`;
const samples = await page.evaluate<Sample[]>(`(async () => {
  ${setup}
  const scenes = ${JSON.stringify(SCENES)};
  const cards = await Promise.all(scenes.map((s) => (s ? load('/corpus/' + s + '.png') : null)));
  await send(frame(cards[0], 1280)); // warm-up: WebAssembly compilation
  const out = [];
  for (let round = 0; round < ${ROUNDS}; round++) {
    for (const [i, scene] of scenes.entries()) {
      for (const width of [1280, 960]) {
        const f = frame(cards[i], width);
        const start = performance.now();
        const answer = await send(f);
        out.push({ scene: scene ?? 'no code', width, ms: answer.ms, roundTrip: performance.now() - start, found: answer.codes.length > 0 });
      }
    }
  }
  return out;
})()`);

const gate = await page.evaluate<{ gated: GateRun; queued: GateRun }>(`(async () => {
  ${setup}
  const card = await load('/corpus/qr-clean.png');
  await send(frame(card, 1280));
  const run = (gated) => new Promise((resolve) => {
    const result = { ticks: 0, sent: 0, skipped: 0, latencies: [] };
    let busy = false;
    const answers = [];
    const timer = setInterval(() => {
      result.ticks++;
      if (gated && busy) { result.skipped++; return; }
      busy = true;
      result.sent++;
      const grabbed = performance.now();
      answers.push(send(frame(card, 1280)).then(() => { busy = false; result.latencies.push(performance.now() - grabbed); }));
    }, 8);
    setTimeout(async () => { clearInterval(timer); await Promise.all(answers); resolve(result); }, 1000);
  });
  return { gated: await run(true), queued: await run(false) };
})()`);
await browser.close();
server.close();

const at = (width: number, scene?: string): Sample[] =>
  samples.filter((s) => s.width === width && (scene === undefined || s.scene === scene));
const row = (label: string, s1280: Sample[], s960: Sample[]): Record<string, string> => {
  const p50 = percentile(
    s1280.map((s) => s.ms),
    50,
  );
  const base50 = percentile(
    s960.map((s) => s.ms),
    50,
  );
  return {
    frames: label,
    'p50 1280x720': `${fmt(p50)} ms`,
    'p95 1280x720': `${fmt(
      percentile(
        s1280.map((s) => s.ms),
        95,
      ),
    )} ms`,
    'round trip p50': `${fmt(
      percentile(
        s1280.map((s) => s.roundTrip),
        50,
      ),
    )} ms`,
    'read 1280': `${s1280.filter((s) => s.found).length}/${s1280.length}`,
    'p50 960x540 (baseline)': `${fmt(base50)} ms`,
    'read 960': `${s960.filter((s) => s.found).length}/${s960.length}`,
    ratio: fmt(p50 / base50, 2),
  };
};
printTable(`Camera frames decoded in the built worker, Chromium (${ROUNDS} rounds; decode time the worker reports)`, [
  ...SCENES.map((scene) => row(scene ?? 'no code', at(1280, scene ?? 'no code'), at(960, scene ?? 'no code'))),
  row(
    'all with a code',
    at(1280).filter((s) => s.scene !== 'no code'),
    at(960).filter((s) => s.scene !== 'no code'),
  ),
  row('all', at(1280), at(960)),
]);
const gateRow = (label: string, r: GateRun): Record<string, string> => ({
  run: label,
  ticks: String(r.ticks),
  'frames sent': String(r.sent),
  'ticks skipped': String(r.skipped),
  'grab to answer p50': `${fmt(percentile(r.latencies, 50))} ms`,
  'grab to answer max': `${fmt(Math.max(...r.latencies))} ms`,
});
printTable('A timer faster than the decode (every 8 ms for 1 s, 1280x720 QR frames)', [
  gateRow('one frame in flight, busy ticks skipped (FrameGate)', gate.gated),
  gateRow('baseline: every tick posted (a queue)', gate.queued),
]);
