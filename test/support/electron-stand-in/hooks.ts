/**
 * Module-resolution hook (registered by run-main.ts through node:module's `register`): the bare
 * specifier `electron` resolves to the stand-in, so Node never loads the real package (which
 * would try to download Electron's binary). Everything else resolves as usual.
 */
import type { ResolveHook } from 'node:module';

const STAND_IN = new URL('./electron.ts', import.meta.url).href;

// The stand-in's URL goes on down the chain rather than short-circuiting, so that tsx's own hooks
// see it and load it as TypeScript.
export const resolve: ResolveHook = (specifier, context, nextResolve) =>
  nextResolve(specifier === 'electron' ? STAND_IN : specifier, context);
