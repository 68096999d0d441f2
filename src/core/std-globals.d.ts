/**
 * The few web-standard globals that core relies on, declared here because core's tsconfig
 * deliberately has neither the DOM library nor Node's types. Every JavaScript runtime we target
 * (Node 20, Chromium, Electron's renderer and workers) provides them (WinterCG minimum common API).
 */
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: Uint8Array): string;
}
/** Base64 to a binary string (one character per byte); throws on bad input. */
declare function atob(data: string): string;
