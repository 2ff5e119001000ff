import { expect, expectAccessible, recordApi, screenshot, test } from '../support/fixtures';
import { readState } from '../support/platform';
import { signInAs } from '../support/roles';

test.describe.serial('the outcome assessor', () => {
  test('syncs the outcomes from FHIR and records the missing one by hand, never reaching a prediction', async ({
    page,
  }) => {
    const { trialCode } = readState();
    await signInAs(page, 'e2e-assessor');
    const api = recordApi(page);
    await page.goto(`/trials/${trialCode}/outcomes`);
    await page.getByRole('button', { name: 'Sync outcomes from FHIR' }).click();
    await expect(page.getByRole('status').filter({ hasText: /Finished/ })).toBeVisible({ timeout: 90_000 });
    await expect(page.getByRole('link', { name: /^Observed/ })).toContainText(/[1-9]/);
    await expectAccessible(page, 'outcome worklist');
    await screenshot(page, '07-assessor-worklist');

    await page.getByRole('link', { name: /^Pending/ }).click();
    await page
      .getByRole('link', { name: new RegExp(`^${trialCode}-`) })
      .first()
      .click();
    await page.getByRole('radio', { name: /\(1\)$/ }).check();
    await page
      .getByLabel('Date assessed (specimen or surgery date)')
      .fill(new Date().toISOString().slice(0, 10));
    await page.getByLabel(/^Source document or remark/).fill('Bone marrow MRD report, central laboratory');
    await page.getByRole('button', { name: 'Record the result' }).click();
    await expect(
      page
        .getByRole('status')
        .filter({ hasText: /recorded|Recorded/ })
        .first(),
    ).toBeVisible();
    await expectAccessible(page, 'subject outcome');
    await screenshot(page, '08-assessor-subject-outcome');

    await api.settle();
    const reached = api.responses.map((response) => new URL(response.url).pathname);
    expect(
      reached.filter((path) => /\/predictions|\/lock|\/analyses\/\d+\/(result|snapshot)/.test(path)),
    ).toEqual([]);
    for (const response of api.responses) expect(response.body).not.toMatch(/"probability"\s*:/);
  });
});
