import { expect, expectAccessible, recordApi, screenshot, test } from '../support/fixtures';
import { readState } from '../support/platform';
import { passwordOf, signInAs } from '../support/roles';

test.describe.serial('the statistician', () => {
  test('requests the interim look and signs it, seeing the plan and status but no result', async ({
    page,
  }) => {
    const { trialCode } = readState();
    await signInAs(page, 'e2e-statistician');
    const api = recordApi(page);
    await page.goto(`/trials/${trialCode}/analyses`);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await page.getByRole('button', { name: 'Request look 1' }).click();
    await page.getByRole('button', { name: 'Freeze the data and analyse look 1' }).click();
    await expect(
      page
        .getByRole('status')
        .filter({ hasText: /Finished/ })
        .first(),
    ).toBeVisible({ timeout: 90_000 });
    await page.getByRole('figure').first().scrollIntoViewIfNeeded();
    await expectAccessible(page, 'analysis plan and status');
    await screenshot(page, '09-statistician-plan', page.getByRole('figure').first());

    await page.getByRole('link', { name: 'Look 1', exact: true }).click();
    await page.getByLabel('Your password').fill(passwordOf('e2e-statistician'));
    await page.getByRole('button', { name: 'Sign the analysis' }).click();
    await expect(page.getByText(/already signed|signed by|Signed/).first()).toBeVisible();
    await expectAccessible(page, 'look page (blinded)');

    await api.settle();
    const paths = api.responses.map((response) => new URL(response.url).pathname);
    expect(paths.filter((path) => /\/analyses\/\d+\/(result|snapshot|reproduction)$/.test(path))).toEqual([]);
    for (const response of api.responses) {
      expect(response.body).not.toMatch(/"probability"\s*:/);
      expect(response.body).not.toMatch(/"auc"\s*:/);
    }
  });
});
