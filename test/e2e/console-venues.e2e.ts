/**
 * Venues and offers in the console: a council admin creates and edits venues (the form checks
 * before sending), a venue manager changes only their venue's offers, an auditor only reads; an
 * offer changed in the console reaches a real terminal at its next sync.
 */
import { expectAccessible, screenshot } from './a11y';
import { enrolTerminal, expect, openPage, signIn, test } from './console-fixtures';

test('a council admin creates a venue, after the form has said what is missing', async ({ page, consoleServer }) => {
  let posts = 0;
  page.on('request', (r) => void (r.method() === 'POST' && r.url().endsWith('/console/api/venues') && posts++));
  await signIn(page, consoleServer.url, 'council_admin');
  await openPage(page, 'Venues and offers');
  await expect(page.getByRole('row', { name: /Demo Central Library/ })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('link', { name: 'New venue' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'New venue' })).toBeFocused();
  await page.getByLabel('Time zone').fill('Mars/Olympus');
  await page.getByRole('button', { name: 'Save venue' }).click();
  await expect(page.getByText('Enter a venue id.')).toBeVisible();
  await expect(page.getByText('Enter a name.')).toBeVisible();
  await expect(page.getByText('Enter a time zone from the list')).toBeVisible();
  await expect(page.getByLabel('Venue id')).toBeFocused();
  expect(posts).toBe(0);
  await expectAccessible(page);

  await page.getByLabel('Venue id').fill('westside-gallery');
  await page.getByLabel('Name').fill('Westside Gallery');
  await page.getByLabel('Role').selectOption('partner');
  await page.getByLabel(/^Libraries/).uncheck();
  await page.getByLabel(/^City Save/).check();
  await page.getByLabel('Time zone').fill('Europe/London');
  await page.getByRole('button', { name: 'Add an offer' }).click();
  await expect(page.getByLabel('Offer id')).toBeFocused();
  await page.getByLabel('Offer id').fill('gallery-shop');
  await page.getByLabel('Title shown to staff').fill('City Save: 15% off in the gallery shop');
  await page.getByLabel(/Uses allowed/).fill('2');
  await page.getByLabel('Per', { exact: true }).selectOption('week');
  await page.getByLabel('This venue asks a library system about accounts').check();
  await page.getByLabel('Host').fill('sip.council.example');
  await page.getByLabel('Port').fill('70000');
  await page.getByRole('button', { name: 'Save venue' }).click();
  await expect(page.getByText('Enter a port from 1 to 65535.')).toBeVisible();
  await expect(page.getByText('Enter the SIP2 password for a new link.')).toBeVisible();
  await page.getByLabel('This venue asks a library system about accounts').uncheck();
  await page.getByRole('button', { name: 'Save venue' }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'Venues and offers' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Venue Westside Gallery created' })).toBeVisible();
  const row = page.getByRole('row', { name: /Westside Gallery/ });
  await expect(row).toContainText('Partner venue');
  await expect(row).toContainText('City Save');
  expect(posts).toBe(1);
  const saved = await consoleServer.storage.getVenue('westside-gallery');
  expect(saved?.config).toMatchObject({
    role: 'partner',
    services: ['citysave'],
    offers: [{ id: 'gallery-shop', service: 'citysave', limit: { count: 2, per: 'week' } }],
  });
});

test('an offer changed in the console reaches the terminal at its next sync', async ({ page, consoleServer }) => {
  const desk = await enrolTerminal(consoleServer, 'demo-library', 'Central desk');
  try {
    await signIn(page, consoleServer.url, 'council_admin');
    await openPage(page, 'Venues and offers');
    await page.getByRole('link', { name: 'Edit venue Demo Central Library' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Venue: Demo Central Library' })).toBeVisible();
    await expect(page.getByText(/Changes reach the venue’s terminals at their next sync/)).toBeVisible();
    await expect(page.getByLabel('Title shown to staff')).toHaveValue('City Save: 10% off at the library café');
    await page.getByLabel('Title shown to staff').fill('City Save: 20% off at the library café');
    await page.getByLabel(/Uses allowed/).fill('3');
    await expectAccessible(page);
    await screenshot(page, 'console-venue');
    await page.getByRole('button', { name: 'Save venue' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();

    await desk.service.admin.runSync();
    expect(desk.service.admin.venue.offers).toEqual([
      expect.objectContaining({
        id: 'cafe-10',
        title: 'City Save: 20% off at the library café',
        limit: { count: 3, per: 'day' },
      }),
    ]);
  } finally {
    await desk.close();
  }
});

test("a venue manager edits only their venue's offers", async ({ page, consoleServer }) => {
  await signIn(page, consoleServer.url, 'venue_manager');
  await openPage(page, 'Venues and offers');
  await expect(page.getByRole('row')).toHaveCount(2);
  await expect(page.getByRole('link', { name: 'New venue' })).toHaveCount(0);
  await page.getByRole('link', { name: 'Edit venue Demo Central Library' }).click();
  await expect(page.getByLabel('Name')).toHaveCount(0);
  await expect(page.getByLabel('Time zone')).toHaveCount(0);
  await page.getByRole('button', { name: 'Add an offer' }).click();
  await page.getByRole('button', { name: 'Save offers' }).click();
  await expect(page.getByText('Use 1 to 32 lower-case letters, digits or hyphens.')).toBeVisible();
  await page.getByLabel('Offer id').nth(1).fill('study-room');
  await page.getByLabel('Service').nth(1).selectOption('library');
  await page.getByLabel('Title shown to staff').nth(1).fill('Free study room booking');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Save offers' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  const saved = await consoleServer.storage.getVenue('demo-library');
  expect((saved?.config['offers'] as { id: string }[]).map((o) => o.id)).toEqual(['cafe-10', 'study-room']);
  expect(saved?.config['name']).toBe('Demo Central Library');
});

test('an auditor reads the venues and cannot edit them', async ({ page, consoleServer }) => {
  await signIn(page, consoleServer.url, 'auditor');
  await openPage(page, 'Venues and offers');
  await expect(page.getByRole('row', { name: /Demo Bistro/ })).toBeVisible();
  await expect(page.getByRole('link', { name: /Edit/ })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'New venue' })).toHaveCount(0);
  await expectAccessible(page);
});
