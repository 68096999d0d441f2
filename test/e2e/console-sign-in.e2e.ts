/**
 * The console's sign-in, header and navigation: each role sees only its pages; a failed sign-in
 * says one thing whatever went wrong; everything works from the keyboard alone.
 */
import { expectAccessible, screenshot } from './a11y';
import { expect, PASSWORD, signIn, test, USERS } from './console-fixtures';

const NAV: Record<keyof typeof USERS, string[]> = {
  council_admin: ['Overview', 'Terminals', 'Venues and offers', 'Cards', 'Calls', 'Keys', 'Usage', 'Audit'],
  venue_manager: ['Overview', 'Terminals', 'Venues and offers', 'Calls', 'Usage'],
  auditor: ['Overview', 'Terminals', 'Venues and offers', 'Cards', 'Calls', 'Keys', 'Usage', 'Audit'],
};

test('the sign-in page has Email, Password and Sign in, and passes axe', async ({ page, consoleServer }) => {
  await page.goto(`${consoleServer.url}/console/`);
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await expect(page.getByLabel('Email', { exact: true })).toBeVisible();
  await expect(page.getByLabel('Password', { exact: true })).toHaveAttribute('type', 'password');
  await expectAccessible(page);
  await screenshot(page, 'console-sign-in');
});

test('the form checks its fields before sending', async ({ page, consoleServer }) => {
  let posts = 0;
  page.on('request', (r) => void (r.method() === 'POST' && r.url().endsWith('/console/api/session') && posts++));
  await page.goto(`${consoleServer.url}/console/`);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('Enter your email address.')).toBeVisible();
  await expect(page.getByText('Enter your password.')).toBeVisible();
  await expect(page.getByLabel('Email', { exact: true })).toBeFocused();
  await page.getByLabel('Email', { exact: true }).fill('not-an-email');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('Enter an email address like name@example.org.')).toBeVisible();
  expect(posts).toBe(0);
  await expectAccessible(page);
});

test('a failed sign-in says the same for a wrong password and an unknown email', async ({ page, consoleServer }) => {
  await page.goto(`${consoleServer.url}/console/`);
  const attempt = async (email: string, password: string): Promise<string> => {
    await page.getByLabel('Email', { exact: true }).fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await expect(alert).toBeVisible();
    const text = await alert.innerText();
    // The password is cleared after a refusal, ready for another try.
    await expect(page.getByLabel('Password', { exact: true })).toHaveValue('');
    return text;
  };
  const wrongPassword = await attempt(USERS.council_admin.email, 'not the password at all');
  const unknownEmail = await attempt('nobody@council.example', 'not the password at all');
  expect(wrongPassword).toBe(unknownEmail);
  expect(wrongPassword).toContain('The email or password is not right');
  await expectAccessible(page);
});

for (const role of Object.keys(NAV) as (keyof typeof NAV)[]) {
  test(`${role} sees their email, role and only their pages`, async ({ page, consoleServer }) => {
    await signIn(page, consoleServer.url, role);
    const header = page.getByRole('banner');
    await expect(header).toContainText(USERS[role].email);
    const nav = page.getByRole('navigation', { name: 'Console pages' });
    await expect(nav.getByRole('link')).toHaveText(NAV[role]);
    await expect(nav.getByRole('link', { name: 'Overview' })).toHaveAttribute('aria-current', 'page');
    await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
  });
}

test('a page outside the role shows the Overview instead', async ({ page, consoleServer }) => {
  await signIn(page, consoleServer.url, 'venue_manager');
  await page.goto(`${consoleServer.url}/console/#/audit`);
  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
});

test('sign in, move between pages and sign out with the keyboard alone', async ({ page, consoleServer }) => {
  await page.goto(`${consoleServer.url}/console/`);
  await expect(page.getByLabel('Email', { exact: true })).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Email', { exact: true })).toBeFocused();
  await page.keyboard.type(USERS.council_admin.email);
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Password', { exact: true })).toBeFocused();
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeFocused();

  const focusedName = async (): Promise<string> =>
    page.evaluate(() => (document.activeElement as HTMLElement | null)?.innerText ?? '');
  // Walk back to the top (the skip link comes first), then forward to the Usage link, and follow it.
  for (let i = 0; i < 20 && (await focusedName()) !== 'Skip to main content'; i++)
    await page.keyboard.press('Shift+Tab');
  expect(await focusedName()).toBe('Skip to main content');
  for (let i = 0; i < 12 && (await focusedName()) !== 'Usage'; i++) await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Usage' })).toBeFocused();

  for (let i = 0; i < 20 && (await focusedName()) !== 'Sign out'; i++) await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
});

test('signing out ends the session: a reload shows the sign-in page', async ({ page, consoleServer }) => {
  await signIn(page, consoleServer.url, 'auditor');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
});
