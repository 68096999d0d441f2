import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The council console (src/console): a single-page app the reference server serves at
 * `/console/` (issue 13). Its own build, beside electron-vite's three bundles, into out/console.
 * Everything is a file of its own under /console/assets, so the server's `default-src 'self'`
 * policy holds: no inline script or style, and no asset turned into a data: URL (fonts included).
 */
export default defineConfig({
  root: resolve(import.meta.dirname, 'src/console'),
  base: '/console/',
  plugins: [react()],
  // The console reads no environment variables; none of the build machine's may leak into it.
  envPrefix: 'CIVICPASS_CONSOLE_PUBLIC_',
  build: {
    outDir: resolve(import.meta.dirname, 'out/console'),
    emptyOutDir: true,
    assetsInlineLimit: 0,
    // The preload polyfill is a script Chromium does not need; leave it out rather than ship it.
    modulePreload: { polyfill: false },
    minify: true,
    sourcemap: false,
  },
});
