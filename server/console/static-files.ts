/**
 * The console page, as built into `out/console/` (one single-page app): a file that exists is
 * served with its type; any other path under /console/ gets index.html, so the page's own routes
 * survive a reload, except under assets/ (a missing script is a 404, not a page). Nothing
 * outside the folder is ever read.
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import type { ConsoleReply } from './console-http';

/** `<repo>/out/console`, where the project's build writes the page. */
export const DEFAULT_STATIC_DIR = resolve(import.meta.dirname, '../../out/console');

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Console not built</title></head>
<body><h1>The console is not built</h1><p>The console is not built: run <code>npm run build</code>, then reload this page.</p></body></html>
`;

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}

function file(bytes: Buffer, path: string, cache: string): ConsoleReply {
  return {
    status: 200,
    raw: { bytes, type: TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream' },
    headers: { 'cache-control': cache },
  };
}

/** `rest` is the path after `/console/`, still percent-encoded. */
export async function staticFile(root: string, rest: string): Promise<ConsoleReply> {
  const index = join(root, 'index.html');
  if (!(await isFile(index)))
    return {
      status: 503,
      raw: { bytes: NOT_BUILT, type: 'text/html; charset=utf-8' },
      headers: { 'cache-control': 'no-store' },
    };
  let relative: string;
  try {
    relative = decodeURIComponent(rest);
  } catch {
    return { status: 400, raw: { bytes: 'bad path', type: 'text/plain; charset=utf-8' } };
  }
  // No parent steps, no NUL, no backslashes (a Windows separator): refused before any lookup.
  const segments = relative.split('/');
  if (relative.includes('\0') || relative.includes('\\') || segments.some((s) => s === '..' || s === '.'))
    return { status: 404, raw: { bytes: 'not found', type: 'text/plain; charset=utf-8' } };
  const target = resolve(root, relative);
  const inside = target === root || target.startsWith(root.endsWith(sep) ? root : root + sep);
  if (inside && relative !== '' && (await isFile(target))) {
    // Vite names built assets by their content hash: they never change under one name.
    const immutable = segments[0] === 'assets' ? 'public, max-age=31536000, immutable' : 'no-cache';
    return file(await readFile(target), target, immutable);
  }
  if (segments[0] === 'assets') return { status: 404, raw: { bytes: 'not found', type: 'text/plain; charset=utf-8' } };
  return file(await readFile(index), index, 'no-cache');
}
