import { chromium, type Browser } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/chromium';

/**
 * Chromium with a fake camera: playing a Y4M film (a card held up), or Chromium's own moving
 * test pattern when `y4m` is null. The browser is closed however the test ends.
 */
export async function withFakeCamera<T>(y4m: string | null, run: (browser: Browser) => Promise<T>): Promise<T> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      ...CHROMIUM_ARGS,
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      ...(y4m ? [`--use-file-for-fake-video-capture=${y4m}`] : []),
    ],
  });
  try {
    return await run(browser);
  } finally {
    await browser.close();
  }
}
