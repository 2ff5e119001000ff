import { expect, expectAccessible, screenshot, test } from '../support/fixtures';
import { readState } from '../support/platform';
import { passwordOf, signInAs } from '../support/roles';

test.describe.serial('regulatory affairs', () => {
  test('builds the submission package, signs its manifest and downloads it', async ({ page }) => {
    const { trialCode } = readState();
    await signInAs(page, 'e2e-regulatory');
    await page.goto(`/trials/${trialCode}/submission`);
    await page.getByRole('button', { name: 'Build a new package' }).click();
    await expect(page).toHaveURL(/\/submission\/packages\/1$/, { timeout: 120_000 });
    await expect(page.getByText('define.xml').first()).toBeVisible();
    await page.getByLabel('Your password').fill(passwordOf('e2e-regulatory'));
    await page.getByRole('button', { name: 'Sign the manifest' }).click();
    await expect(
      page.getByRole('status').filter({ hasText: 'Signed the manifest of package 1' }),
    ).toBeVisible();
    await expect(page.getByRole('table', { name: /Electronic signatures of this package/ })).toContainText(
      'E2E Regulatory Affairs',
    );
    const download = page.waitForEvent('download', { timeout: 120_000 });
    await page.getByRole('button', { name: /^Download the package/ }).click();
    const archive = await download;
    expect(archive.suggestedFilename()).toBe(`${trialCode}-submission-package-1.zip`);
    await expectAccessible(page, 'submission package');
    await screenshot(page, '12-regulatory-package');
  });
});
