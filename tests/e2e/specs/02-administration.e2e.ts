import { join } from 'node:path';
import { expect, expectAccessible, screenshot, signIn, test } from '../support/fixtures';
import { account, readState, saveAccount } from '../support/platform';

/** The accounts the trial needs, one per role, made by the administrator in the browser. */
export const ROLE_ACCOUNTS = [
  { username: 'e2e-coordinator', displayName: 'E2E Coordinator', role: 'coordinator' },
  { username: 'e2e-assessor', displayName: 'E2E Outcome Assessor', role: 'outcome-assessor' },
  { username: 'e2e-statistician', displayName: 'E2E Statistician', role: 'statistician' },
  { username: 'e2e-dmc', displayName: 'E2E DMC Member', role: 'dmc' },
  { username: 'e2e-monitor', displayName: 'E2E Monitor', role: 'monitor' },
  { username: 'e2e-regulatory', displayName: 'E2E Regulatory Affairs', role: 'regulatory' },
] as const;

test.describe.serial('administration', () => {
  test.beforeEach(async ({ page }) => {
    const admin = account('admin');
    await signIn(page, admin.username, admin.password);
  });

  test('the administrator registers the frozen model with its card', async ({ page }) => {
    const { hospitalDir } = readState();
    await page.goto('/admin/models');
    await page.getByLabel('ONNX model (.onnx)').setInputFiles(join(hospitalDir, 'model/mm-rad-01-demo.onnx'));
    await page
      .getByLabel('Model card file (.json), or paste it below')
      .setInputFiles(join(hospitalDir, 'model/mm-rad-01-demo.card.json'));
    await page
      .getByRole('button', { name: /Register/ })
      .last()
      .click();
    await expect(page.getByText(/Registered/).first()).toBeVisible();
    await expect(page.getByRole('table').filter({ hasText: 'mm-rad-01-demo' })).toBeVisible();
    await expectAccessible(page, 'models page');
    await screenshot(page, '02-models');
  });

  test('the administrator registers the trial from its definition', async ({ page }) => {
    const { hospitalDir, trialCode } = readState();
    await page.goto('/admin/trials/new');
    await page.getByLabel('Definition file (.json)').setInputFiles(join(hospitalDir, 'trial.json'));
    await page.getByRole('button', { name: 'Register the trial' }).click();
    await expect(page.getByRole('link', { name: new RegExp(trialCode) }).first()).toBeVisible();
    await expectAccessible(page, 'trial registration');
  });

  test('the administrator approves the protocol with an electronic signature', async ({ page }) => {
    const { trialCode } = readState();
    await page.goto(`/trials/${trialCode}/overview`);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await page.getByLabel('Your password').fill(account('admin').password);
    await page.getByRole('button', { name: 'Approve and sign' }).click();
    await expect(page.getByRole('cell', { name: /approved|in force/i }).first()).toBeVisible();
    await expectAccessible(page, 'trial overview (admin)');
  });

  test('the administrator creates one account per role and grants each its role in the trial', async ({
    page,
  }) => {
    const { trialCode } = readState();
    for (const wanted of ROLE_ACCOUNTS) {
      await page.goto('/admin/users');
      await page.getByLabel('Username').fill(wanted.username);
      await page.getByLabel(/Printed name/).fill(wanted.displayName);
      await page.getByRole('button', { name: 'Create the user' }).click();
      await expect(page.getByLabel('One-time password', { exact: true })).toBeVisible();
      const password =
        (await page.getByLabel('One-time password', { exact: true }).textContent())?.trim() ?? '';
      expect(password.length).toBeGreaterThanOrEqual(12);
      saveAccount({ username: wanted.username, password, role: wanted.role });
      if (wanted.role === 'coordinator') {
        await expectAccessible(page, 'users page with a one-time password');
        await screenshot(page, '03-users-one-time-password');
      }
      await page.getByRole('button', { name: /I have copied it/ }).click();
      await expect(page.getByLabel('One-time password', { exact: true })).toHaveCount(0);
      await page.getByRole('link', { name: `Grant trial roles to ${wanted.username}` }).click();
      await page.getByLabel('Trial', { exact: true }).selectOption(trialCode);
      await page.getByLabel('Role', { exact: true }).selectOption(wanted.role);
      await page.getByLabel('Reason (optional)').fill('E2E trial team');
      await page.getByRole('button', { name: 'Grant the role' }).click();
      await expect(page.getByRole('table').filter({ hasText: wanted.role }).first()).toBeVisible();
    }
    await expectAccessible(page, 'user detail page');
  });
});
