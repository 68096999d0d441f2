/**
 * Cards in the console: find by card id or library number, suspend and revoke with a reason (the
 * status list is published at once, and a real terminal refuses the card after its next sync),
 * demo cards in the demo deployment; an auditor reads only.
 */
import { expectAccessible } from './a11y';
import { enrolTerminal, expect, openPage, signIn, test } from './console-fixtures';

/** The demo's valid card: library number 29876000000017 (src/issuer/demo-cards.ts). */
const VALID_LIBRARY_NUMBER = '29876000000017';

test('a card revoked in the console scans as revoked at a terminal after its next sync', async ({
  page,
  consoleServer,
}) => {
  const desk = await enrolTerminal(consoleServer, 'demo-library', 'Central desk');
  try {
    expect(await desk.scan('valid')).toBe('valid/ok');
    await signIn(page, consoleServer.url, 'council_admin');
    await openPage(page, 'Cards');
    await page.getByRole('button', { name: 'Find card' }).click();
    await expect(page.getByText('Enter a card id or library number.')).toBeVisible();

    await page.getByLabel('Find by').selectOption('libraryNumber');
    await page.getByLabel('Library number').fill(VALID_LIBRARY_NUMBER);
    await page.getByRole('button', { name: 'Find card' }).click();
    const result = page.getByRole('region', { name: /^Card / });
    await expect(result).toContainText('Valid');
    await expect(result).toContainText('Libraries');
    await expectAccessible(page);

    await result.getByRole('button', { name: 'Suspend' }).click();
    let dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Suspend' }).click();
    await expect(dialog.getByText('Give a reason.')).toBeVisible();
    await dialog.getByLabel(/Reason/).fill('Reported lost by phone');
    await dialog.getByRole('button', { name: 'Suspend' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('status').filter({ hasText: 'now has the status “Suspended”' })).toBeVisible();
    await expect(result).toContainText('Suspended');
    await expect(result.getByRole('button', { name: 'Reinstate' })).toBeVisible();

    await result.getByRole('button', { name: 'Revoke' }).click();
    dialog = page.getByRole('dialog');
    await expectAccessible(page);
    await dialog.getByLabel(/Reason/).fill('Card replaced');
    await dialog.getByRole('button', { name: 'Revoke' }).click();
    await expect(result).toContainText('Revoked');
    await expect(result.getByRole('button')).toHaveCount(0);

    await desk.service.admin.runSync();
    expect(await desk.scan('valid')).toBe('invalid/revoked');
  } finally {
    await desk.close();
  }
});

test('an unknown card is reported as not found', async ({ page, consoleServer }) => {
  await signIn(page, consoleServer.url, 'council_admin');
  await openPage(page, 'Cards');
  await page.getByLabel('Card id').fill('no-such-card');
  await page.getByRole('button', { name: 'Find card' }).click();
  await expect(page.getByRole('alert')).toContainText('No card has this id or library number.');
  await expectAccessible(page);
});

test('a demo card is issued in the demo deployment and can be found', async ({ page, consoleServer }) => {
  await signIn(page, consoleServer.url, 'council_admin');
  await openPage(page, 'Cards');
  await page.getByRole('button', { name: 'Issue a demo card' }).click();
  await expect(page.getByText(/^Demo card .+ issued/)).toBeVisible();
  await expect(page.getByLabel('Token')).not.toHaveValue('');
  await expect(page.getByRole('region', { name: /^Card / })).toContainText('Valid');
  await expectAccessible(page);
});

test('an auditor finds cards but cannot change them or issue demo cards', async ({ page, consoleServer }) => {
  await signIn(page, consoleServer.url, 'auditor');
  await openPage(page, 'Cards');
  await page.getByLabel('Find by').selectOption('libraryNumber');
  await page.getByLabel('Library number').fill(VALID_LIBRARY_NUMBER);
  await page.getByRole('button', { name: 'Find card' }).click();
  const result = page.getByRole('region', { name: /^Card / });
  await expect(result).toContainText('Valid');
  await expect(result.getByRole('button')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Issue a demo card' })).toHaveCount(0);
  await expectAccessible(page);
});
