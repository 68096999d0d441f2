import type { TrustTexts } from '../node/trust-files';
import type { CheckOptions } from './verify-check';

/** Main thread to worker: first the material and options, then chunks of whole lines. */
export type ToWorker =
  | { readonly kind: 'init'; readonly texts: TrustTexts; readonly options: CheckOptions }
  /** UTF-8 bytes of whole lines, each ending in LF, except a last line at the end of input. */
  | { readonly kind: 'chunk'; readonly seq: number; readonly bytes: Uint8Array };

/** Worker to main thread: one result line per input line, in order, as UTF-8. */
export interface FromWorker {
  readonly seq: number;
  readonly bytes: Uint8Array;
}
