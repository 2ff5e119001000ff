import type { Page } from '@playwright/test';
import { expect, expectAccessible, recordApi, screenshot, test } from '../support/fixtures';
import { readState } from '../support/platform';
import { signInAs } from '../support/roles';

/** Visits pages as a role and returns every API response body it received. */
async function responsesOn(page: Page, paths: readonly string[]): Promise<{ url: string; body: string }[]> {
  const api = recordApi(page);
  for (const path of paths) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await page.waitForLoadState('networkidle');
  }
  await api.settle();
  return api.responses.map((response) => ({ url: new URL(response.url).pathname, body: response.body }));
}

const PROBABILITY = /"probability"\s*:\s*[0-9.]/;
const OUTCOME_VALUE = /"outcome"\s*:\s*[01]\b/;
const RESULT = /"auc"\s*:|"netBenefit"\s*:/;

test.describe.serial('the monitor, and what each role may not see', () => {
  test('the monitor reads the audit trail', async ({ page }) => {
    const { trialCode } = readState();
    await signInAs(page, 'e2e-monitor');
    await page.goto(`/trials/${trialCode}/audit`);
    await expect(page.getByRole('table').first()).toContainText(/lock|prediction|analysis/);
    await expectAccessible(page, 'audit trail');
    await screenshot(page, '13-monitor-audit-trail');
  });

  test('a coordinator never receives a prediction, an outcome value or a result', async ({ page }) => {
    const { trialCode } = readState();
    await signInAs(page, 'e2e-coordinator');
    await page.goto(`/trials/${trialCode}/enrollment/subjects`);
    const subject = await page
      .getByRole('link', { name: new RegExp(`^${trialCode}-`) })
      .first()
      .textContent();
    const seen = await responsesOn(page, [
      `/trials/${trialCode}/overview`,
      `/trials/${trialCode}/enrollment/subjects`,
      `/trials/${trialCode}/enrollment/subjects/${subject?.trim()}`,
      `/trials/${trialCode}/outcomes`,
      `/trials/${trialCode}/analyses`,
      `/trials/${trialCode}/analyses/1`,
      `/trials/${trialCode}/ledger`,
    ]);
    expect(seen.length).toBeGreaterThan(10);
    for (const response of seen) {
      expect(response.body, response.url).not.toMatch(PROBABILITY);
      expect(response.body, response.url).not.toMatch(OUTCOME_VALUE);
      expect(response.body, response.url).not.toMatch(RESULT);
    }
  });

  test('the statistician never receives a prediction, an outcome value or a result', async ({ page }) => {
    const { trialCode } = readState();
    await signInAs(page, 'e2e-statistician');
    const seen = await responsesOn(page, [
      `/trials/${trialCode}/overview`,
      `/trials/${trialCode}/analyses`,
      `/trials/${trialCode}/analyses/1`,
      `/trials/${trialCode}/economics`,
      `/trials/${trialCode}/enrollment/deviations`,
    ]);
    for (const response of seen) {
      expect(response.url).not.toMatch(/\/(result|snapshot)$/);
      expect(response.body, response.url).not.toMatch(PROBABILITY);
      expect(response.body, response.url).not.toMatch(OUTCOME_VALUE);
      expect(response.body, response.url).not.toMatch(RESULT);
    }
  });

  test('the outcome assessor never receives a prediction or reaches a lock', async ({ page }) => {
    const { trialCode } = readState();
    await signInAs(page, 'e2e-assessor');
    const seen = await responsesOn(page, [
      `/trials/${trialCode}/overview`,
      `/trials/${trialCode}/outcomes`,
      `/trials/${trialCode}/ledger`,
    ]);
    for (const response of seen) {
      expect(response.url).not.toMatch(/\/predictions|\/lock/);
      expect(response.body, response.url).not.toMatch(PROBABILITY);
      expect(response.body, response.url).not.toMatch(RESULT);
    }
  });

  test('the monitor never receives a prediction or an interim result', async ({ page }) => {
    const { trialCode } = readState();
    await signInAs(page, 'e2e-monitor');
    await page.goto(`/trials/${trialCode}/enrollment/subjects`);
    const subject = await page
      .getByRole('link', { name: new RegExp(`^${trialCode}-`) })
      .first()
      .textContent();
    const seen = await responsesOn(page, [
      `/trials/${trialCode}/enrollment/subjects/${subject?.trim()}`,
      `/trials/${trialCode}/analyses/1`,
      `/trials/${trialCode}/submission`,
    ]);
    for (const response of seen) {
      expect(response.body, response.url).not.toMatch(PROBABILITY);
      expect(response.body, response.url).not.toMatch(RESULT);
    }
  });
});
