import { SyncServer } from '../../server/app';
import { expect, test, wedgeScan, resultPainted } from './fixtures';

test('offline: scans are queued and the state says so; back online, the queue drains', async ({ page, kiosk }) => {
  await page.goto(kiosk.url);
  await expect(page.locator('#ready-title')).toBeVisible();
  const port = Number(new URL(kiosk.server.url).port);
  await kiosk.server.server.close();

  for (const id of ['valid', 'citysave'] as const) {
    const painted = resultPainted(page);
    await wedgeScan(page, kiosk.card(id));
    await painted;
    await page.getByRole('button', { name: 'Done' }).click();
  }
  await kiosk.service.admin.runSync().catch(() => undefined);
  await expect(page.getByText('Offline: scans are saved and will be sent later')).toBeVisible();
  await expect(page.getByText('2 scans waiting to send')).toBeVisible();

  const again = new SyncServer({ storage: kiosk.server.storage, deployment: kiosk.server.deployment });
  await again.listen(port);
  try {
    await kiosk.service.admin.runSync();
    await expect(page.locator('.pill-online')).toContainText('Online');
    await expect(page.getByText(/waiting to send/)).toHaveCount(0);
    expect(await kiosk.server.storage.eventCount()).toBe(2);
  } finally {
    await again.close();
  }
});
