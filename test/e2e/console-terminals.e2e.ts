/**
 * The console's Overview and Terminals pages against a real terminal that synced: the figures,
 * the links to filtered lists, enrolment codes (text and QR), revoking a terminal, each role's view.
 */
import { expectAccessible, screenshot } from './a11y';
import { cspViolations, enrolTerminal, expect, openPage, signIn, test } from './console-fixtures';

test('the Overview counts terminals and links each figure to the filtered list', async ({ page, consoleServer }) => {
  const desk = await enrolTerminal(consoleServer, 'demo-library', 'Central desk');
  const bistro = await enrolTerminal(consoleServer, 'demo-restaurant', 'Bistro till');
  try {
    for (const id of ['valid', 'citysave', 'revoked', 'expired', 'not-entitled']) await desk.scan(id);
    await bistro.scan('citysave');
    await desk.service.admin.runSync();
    await bistro.service.admin.runSync();

    await signIn(page, consoleServer.url, 'council_admin');
    const online = page.getByRole('link', { name: /Online \(synced in the last 15 minutes\)/ });
    await expect(online).toContainText('2');
    await expectAccessible(page);

    await online.click();
    await expect(page.getByRole('heading', { level: 1, name: 'Terminals' })).toBeVisible();
    await expect(page.getByLabel('Show')).toHaveValue('online');
    const rows = page.getByRole('table').getByRole('row');
    await expect(rows).toHaveCount(3);
    const deskRow = rows.filter({ hasText: 'Central desk' });
    await expect(deskRow).toContainText('Demo Central Library');
    await expect(deskRow).toContainText('Online');
    await expect(deskRow).toContainText(/\d+\.\d+\.\d+/); // the app version it reported
    await expectAccessible(page);
    await screenshot(page, 'console-terminals');

    await page.getByLabel('Show').selectOption('never');
    await expect(page.getByText('No terminals match.')).toBeVisible();
  } finally {
    await desk.close();
    await bistro.close();
  }
});

test('a new enrolment code is shown as text and as a QR image, and enrols a terminal', async ({
  page,
  consoleServer,
}) => {
  const refused = cspViolations(page);
  await signIn(page, consoleServer.url, 'council_admin');
  await openPage(page, 'Terminals');
  await page.getByRole('button', { name: 'New enrolment code' }).click();
  await expect(page.getByText('Choose a venue.')).toBeVisible();
  await page.getByLabel('Venue', { exact: true }).selectOption('demo-restaurant');
  await page.getByRole('button', { name: 'New enrolment code' }).click();
  const code = page.locator('.enrolment-code .code');
  await expect(code).toBeVisible();
  const qr = page.getByRole('img', { name: /^QR code of the enrolment code / });
  await expect(qr).toBeVisible();
  expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  expect(refused).toEqual([]);
  await expectAccessible(page);

  // The code works: a terminal enrols with it.
  const text = (await code.innerText()).trim();
  const terminal = await enrolTerminal(
    { ...consoleServer, codes: { 'demo-restaurant': text } },
    'demo-restaurant',
    'New till',
  );
  try {
    await page.reload();
    await expect(page.getByRole('row', { name: /New till/ })).toBeVisible();
  } finally {
    await terminal.close();
  }
});

test('revoking a terminal asks for a reason, then the terminal is withdrawn at its next sync', async ({
  page,
  consoleServer,
}) => {
  const desk = await enrolTerminal(consoleServer, 'demo-library', 'Central desk');
  try {
    await signIn(page, consoleServer.url, 'council_admin');
    await openPage(page, 'Terminals');
    await page.getByRole('button', { name: 'Revoke terminal Central desk' }).click();
    const dialog = page.getByRole('dialog', { name: 'Revoke terminal Central desk?' });
    await expect(dialog).toBeVisible();
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Revoke terminal' }).click();
    await expect(dialog.getByText('Give a reason.')).toBeVisible();
    await dialog.getByLabel(/Reason/).fill('Device stolen from the front desk');
    await dialog.getByRole('button', { name: 'Revoke terminal' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('status').filter({ hasText: 'Terminal Central desk is revoked' })).toBeVisible();
    await expect(page.getByRole('row', { name: /Central desk/ })).toContainText('Revoked');
    await expect(page.getByRole('button', { name: 'Revoke terminal Central desk' })).toHaveCount(0);

    await desk.service.admin.runSync().catch(() => undefined);
    expect(desk.service.admin.withdrawn).not.toBeNull();
  } finally {
    await desk.close();
  }
});

test('an auditor sees the terminals but no change buttons', async ({ page, consoleServer }) => {
  const desk = await enrolTerminal(consoleServer, 'demo-library', 'Central desk');
  try {
    await signIn(page, consoleServer.url, 'auditor');
    await openPage(page, 'Terminals');
    await expect(page.getByRole('row', { name: /Central desk/ })).toBeVisible();
    await expect(page.getByRole('button', { name: /Revoke/ })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'New enrolment code' })).toHaveCount(0);
    await expectAccessible(page);
  } finally {
    await desk.close();
  }
});

test("a venue manager sees their venue's terminals only, and enrols for their venue", async ({
  page,
  consoleServer,
}) => {
  const desk = await enrolTerminal(consoleServer, 'demo-library', 'Central desk');
  const bistro = await enrolTerminal(consoleServer, 'demo-restaurant', 'Bistro till');
  try {
    await signIn(page, consoleServer.url, 'venue_manager');
    await openPage(page, 'Terminals');
    await expect(page.getByRole('row', { name: /Central desk/ })).toBeVisible();
    await expect(page.getByRole('row', { name: /Bistro till/ })).toHaveCount(0);
    const venue = page.getByLabel('Venue', { exact: true });
    await expect(venue.getByRole('option')).toHaveText(['Demo Central Library']);
    await page.getByRole('button', { name: 'New enrolment code' }).click();
    await expect(page.locator('.enrolment-code .code')).toBeVisible();
    await expectAccessible(page);
  } finally {
    await desk.close();
    await bistro.close();
  }
});
