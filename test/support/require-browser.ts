/**
 * First step of `npm test`: without a Chromium, say so in one line and stop, rather than let
 * every browser test fail with its own stack trace.
 */
import { findChromium, NO_CHROMIUM } from './chromium';

const found = findChromium();
if (found === null) {
  process.stderr.write(`npm test: ${NO_CHROMIUM}\n`);
  process.exit(1);
}
