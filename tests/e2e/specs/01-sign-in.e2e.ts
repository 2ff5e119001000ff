import {
  expect,
  expectAccessible,
  firstSignIn,
  screenshot,
  signIn,
  signOut,
  test,
} from '../support/fixtures';
import { readState, saveAccount } from '../support/platform';

const ADMIN_PASSWORD = 'e2e platform owner passphrase';

test.describe.serial('signing in', () => {
  test('an anonymous visitor is sent to the sign-in page, which is accessible', async ({ page }) => {
    await page.goto('/');
    await expect(page).toHaveURL(/\/login\?returnUrl=/);
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    await expectAccessible(page, 'sign-in page');
    await screenshot(page, '01-sign-in');
  });

  test('the sign-in works from the keyboard alone, starting with the skip link', async ({ page }) => {
    await page.goto('/login');
    await page.keyboard.press('Tab');
    await expect(page.getByRole('link', { name: 'Skip to main content' })).toBeFocused();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    await expect(page.getByLabel('Username')).toBeFocused();
    await page.keyboard.type('admin');
    await page.keyboard.press('Tab');
    await expect(page.getByLabel('Password', { exact: true })).toBeFocused();
    await page.keyboard.type('not the password');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('alert')).toContainText(/password/i);
  });

  test('a wrong password is refused with the reason, and nothing else happens', async ({ page }) => {
    await page.goto('/login');
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password', { exact: true }).fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toBeVisible();
    await expect(page).toHaveURL(/\/login/);
  });

  test('the administrator signs in with the bootstrap password and must choose a new one first', async ({
    page,
  }) => {
    const { bootstrapPassword } = readState();
    await page.goto('/');
    await firstSignIn(page, 'admin', bootstrapPassword, ADMIN_PASSWORD);
    await expect(page.getByRole('heading', { name: 'Your trials' })).toBeVisible();
    saveAccount({ username: 'admin', password: ADMIN_PASSWORD, role: 'admin' });
    await expectAccessible(page, 'home page');
    await signOut(page);
    await signIn(page, 'admin', ADMIN_PASSWORD);
    await expect(page.getByRole('heading', { name: 'Your trials' })).toBeVisible();
  });
});
