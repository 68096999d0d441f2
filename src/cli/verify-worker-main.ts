/**
 * Script of `verify --batch`'s worker threads in the built command line (out/cli/verify-worker.js):
 * only the verification code (~50 KB), so each worker parses a small file rather than the whole
 * command line (1.5 MB, most of it the zxing-js decoder), and starts verifying sooner.
 */
import { installFastBase64 } from '../node/fast-base64';
import { serveVerifyWorker } from './verify-worker';

installFastBase64();
serveVerifyWorker();
