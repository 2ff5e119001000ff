import { expect, expectAccessible, screenshot, test } from '../support/fixtures';
import { readState } from '../support/platform';
import { signInAs } from '../support/roles';

test.describe.serial('the data monitoring committee', () => {
  test('opens the unblinded interim result, sees the decision the plan implies, and the view is logged', async ({
    page,
  }) => {
    const { trialCode } = readState();
    await signInAs(page, 'e2e-dmc');
    await page.goto(`/trials/${trialCode}/analyses/1`);
    await page.getByRole('button', { name: 'Open the unblinded result' }).click();
    await expect(page.getByText(/^Decision the plan implies: /)).toBeVisible();
    const roc = page.getByRole('figure').filter({ hasText: /ROC/ }).first();
    await roc.scrollIntoViewIfNeeded();
    await expect(roc.locator('svg').first()).toBeVisible();
    await roc.getByRole('button', { name: /Show data table/ }).click();
    await expect(roc.getByRole('table')).toBeVisible();
    await expect(page.getByRole('table', { name: /Views of the unblinded result/ })).toContainText('e2e-dmc');
    await expectAccessible(page, 'DMC interim result');
    await roc.getByRole('button', { name: /Hide data table|Show data table/ }).click();
    await screenshot(page, '10-dmc-interim-result', page.getByText(/^Decision the plan implies: /));
    await screenshot(page, '11-dmc-roc-curve', roc);
  });
});
