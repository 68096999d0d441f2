/**
 * The console's record pages: Usage (charts, their tables, CSV), Calls, Keys (rotate) and Audit,
 * with each role's view, against real terminals that scanned and synced.
 */
import { expectAccessible, screenshot } from './a11y';
import { makeEnrolmentCode } from '../../server/admin/demo-setup';
import { startConsoleServer } from '../support/console-server';
import { addUsers, cspViolations, enrolTerminal, expect, openPage, signIn, test } from './console-fixtures';

const DAY = 86_400;

test('Usage shows each chart with its table and a CSV link', async ({ page, consoleServer }) => {
  const desk = await enrolTerminal(consoleServer, 'demo-library', 'Central desk');
  const bistro = await enrolTerminal(consoleServer, 'demo-restaurant', 'Bistro till');
  try {
    // Each card once: a second scan within the venue's repeat window would be a repeat, not a scan.
    for (const id of ['valid', 'citysave', 'revoked', 'expired', 'not-entitled', 'suspended']) await desk.scan(id);
    for (const id of ['citysave', 'valid']) await bistro.scan(id);
    await desk.service.admin.runSync();
    await bistro.service.admin.runSync();

    await signIn(page, consoleServer.url, 'council_admin');
    await openPage(page, 'Usage');
    const scans = page.getByRole('region', { name: 'Scans per day', exact: true });
    await expect(scans.getByRole('img', { name: /Chart: Scans per day/ })).toBeVisible();
    const table = scans.getByRole('table');
    await expect(table.getByRole('columnheader')).toContainText([
      'Day',
      'Demo Bistro (City Save partner)',
      'Demo Central Library',
      'Total',
    ]);
    await expect(table.getByRole('row').nth(1).getByRole('cell')).toHaveText(['2', '6', '8']);
    await scans.getByLabel('Scans grouped by').selectOption('outcome');
    await expect(table.getByRole('columnheader')).toContainText(['Do not accept']);
    await expect(
      page.getByRole('region', { name: 'City Save redemptions per venue per week', exact: true }),
    ).toBeVisible();
    await expect(page.getByRole('region', { name: 'Distinct cards per venue per month', exact: true })).toBeVisible();
    await scans.getByLabel('Scans grouped by').selectOption('venueId');
    await expectAccessible(page);
    await screenshot(page, 'console-usage');

    const download = page.waitForEvent('download');
    await scans.getByRole('link', { name: /Download CSV/ }).click();
    const csv = await (await download).path();
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(csv, 'utf8').split('\n')[0]).toMatch(/day/);

    await page.getByLabel('From').fill('2030-01-02');
    await page.getByLabel('To').fill('2030-01-01');
    await page.getByRole('button', { name: 'Show' }).click();
    await expect(page.getByText('Enter two dates, the first not after the second.')).toBeVisible();
  } finally {
    await desk.close();
    await bistro.close();
  }
});

test('a venue manager sees usage of their own venue only', async ({ page, consoleServer }) => {
  const desk = await enrolTerminal(consoleServer, 'demo-library', 'Central desk');
  const bistro = await enrolTerminal(consoleServer, 'demo-restaurant', 'Bistro till');
  try {
    await desk.scan('valid');
    await bistro.scan('citysave');
    await desk.service.admin.runSync();
    await bistro.service.admin.runSync();
    await signIn(page, consoleServer.url, 'venue_manager');
    await openPage(page, 'Usage');
    const table = page.getByRole('region', { name: 'Scans per day', exact: true }).getByRole('table');
    await expect(table.getByRole('columnheader')).toContainText(['Day', 'Demo Central Library', 'Total']);
    await expect(table).not.toContainText('Demo Bistro');
    await expectAccessible(page);
  } finally {
    await desk.close();
    await bistro.close();
  }
});

test('Calls lists calls for staff, newest first, per venue', async ({ page, consoleServer }) => {
  const desk = await enrolTerminal(consoleServer, 'demo-library', 'Central desk');
  try {
    await desk.service.callStaff();
    await desk.service.admin.runSync();
    await signIn(page, consoleServer.url, 'council_admin');
    await openPage(page, 'Calls');
    await expect(page.getByRole('table').getByRole('row')).toHaveCount(2);
    await expect(page.getByRole('table')).toContainText('Demo Central Library');
    await expectAccessible(page);
    await page.getByLabel('Venue').selectOption('demo-restaurant');
    await expect(page.getByText('No calls.')).toBeVisible();
  } finally {
    await desk.close();
  }
});

test('Keys shows the issuer keys and the trust list; rotating adds a key after a confirmation', async ({
  page,
  consoleServer,
}) => {
  await signIn(page, consoleServer.url, 'council_admin');
  await openPage(page, 'Keys');
  const keys = page.getByRole('table', { name: 'Issuer keys and their windows' });
  await expect(keys.getByRole('row')).toHaveCount(2);
  await expect(page.getByText('Anchor thumbprint')).toBeVisible();
  const seq = Number(await page.locator('dt:has-text("Sequence") + dd').innerText());
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Rotate issuer key' }).click();
  const dialog = page.getByRole('dialog', { name: 'Rotate the issuer key?' });
  await expect(dialog).toContainText('Cards already issued stay valid.');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('button', { name: 'Rotate issuer key' })).toBeFocused();
  await page.getByRole('button', { name: 'Rotate issuer key' }).click();
  await dialog.getByRole('button', { name: 'Rotate issuer key' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The issuer key is rotated.' })).toBeVisible();
  await expect(keys.getByRole('row')).toHaveCount(3);
  await expect(page.locator('dt:has-text("Sequence") + dd')).toHaveText(String(seq + 1));
});

test('Audit shows each change, newest first, to an auditor, who has no change buttons anywhere', async ({
  page,
  consoleServer,
}) => {
  await signIn(page, consoleServer.url, 'council_admin');
  await openPage(page, 'Keys');
  await page.getByRole('button', { name: 'Rotate issuer key' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Rotate issuer key' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'rotated' })).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();

  await signIn(page, consoleServer.url, 'auditor');
  await openPage(page, 'Audit');
  const rows = page.getByRole('table', { name: 'Audit log' }).getByRole('row');
  await expect(rows.nth(1)).toContainText('admin@council.example');
  await expectAccessible(page);
  await screenshot(page, 'console-audit');
  await openPage(page, 'Keys');
  await expect(page.getByRole('button', { name: 'Rotate issuer key' })).toHaveCount(0);
  await expectAccessible(page);
  await openPage(page, 'Overview');
  await expectAccessible(page);
});

test('a week of scans at two venues, for the README’s pictures of Overview and Usage', async ({ page }) => {
  // The server's and the terminals' clocks start a week ago and move a day at a time.
  let offset = -6 * DAY;
  const clock = { now: () => Date.now() / 1000 + offset };
  const server = await startConsoleServer({ now: clock.now });
  await addUsers(server);
  const desk = await enrolTerminal(server, 'demo-library', 'Central library desk', clock);
  const bistro = await enrolTerminal(server, 'demo-restaurant', 'Bistro till', clock);
  const code = await makeEnrolmentCode(server.storage, 'demo-restaurant', clock.now());
  const kiosk = await enrolTerminal(
    { ...server, codes: { 'demo-restaurant': code } },
    'demo-restaurant',
    'Bistro kiosk',
    clock,
  );
  try {
    const deskCards = ['valid', 'citysave', 'library-fines', 'library-overdue', 'expired', 'not-entitled', 'revoked'];
    for (let day = 0; day < 7; day++) {
      for (let i = 0; i < 2 + ((day * 5) % 6); i++) await desk.scan(deskCards[i % deskCards.length]!);
      for (let i = 0; i < 1 + ((day * 3) % 4); i++) await bistro.scan(i % 2 === 0 ? 'citysave' : 'valid');
      await desk.service.admin.runSync();
      await bistro.service.admin.runSync();
      // A day later; past the repeat window, so the same cards count again.
      if (day < 6) offset += DAY;
    }
    // The kiosk last synced a week ago: offline.
    const refused = cspViolations(page);
    await signIn(page, server.url, 'council_admin');
    await expect(page.getByRole('link', { name: /Offline/ })).toContainText('1');
    await expectAccessible(page);
    // The pointer rests off the figures, as in a picture of the page at rest.
    await page.mouse.move(1, 790);
    await screenshot(page, 'console-overview');
    await openPage(page, 'Usage');
    await expect(page.getByRole('region', { name: 'Scans per day', exact: true }).getByRole('row')).toHaveCount(8);
    await expectAccessible(page);
    await page.mouse.move(1, 790);
    await screenshot(page, 'console-usage');
    // Fonts, styles, the charts' canvases: nothing the server's policy had to refuse.
    expect(refused).toEqual([]);
  } finally {
    await desk.close();
    await bistro.close();
    await kiosk.close();
    await server.close();
  }
});
