import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, expectAccessible, screenshot, test } from '../support/fixtures';
import { RUN_DIR, cli, readState } from '../support/platform';
import { signInAs } from '../support/roles';

interface HospitalPatient {
  readonly number: number;
  readonly mrn: string;
  readonly image: string;
  readonly mask: string;
}

function patients(): HospitalPatient[] {
  return JSON.parse(
    readFileSync(join(readState().hospitalDir, 'patients.json'), 'utf8'),
  ) as HospitalPatient[];
}

test.describe.serial('the coordinator', () => {
  test.beforeEach(async ({ page }) => {
    await signInAs(page, 'e2e-coordinator');
  });

  test('finds each patient in the FHIR server and enrolls the eligible ones', async ({ page }) => {
    const { trialCode } = readState();
    let enrolled = 0;
    const enrolledNumbers: number[] = [];
    for (const patient of patients()) {
      await page.goto(`/trials/${trialCode}/enrollment/candidates`);
      await page.getByLabel('Identifier').fill(`urn:prospect:synthetic:mrn|${patient.mrn}`);
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      await page
        .getByRole('button', { name: /^Enroll / })
        .first()
        .click();
      const site = page.getByLabel('Site', { exact: true });
      const sites = (await site.locator('option').count()) - 1;
      await site.selectOption({ index: 1 + (patient.number % sites) });
      await page.getByRole('button', { name: /^Enroll at / }).click();
      const accepted = page.getByRole('heading', { name: /^Enrolled as / });
      const refused = page
        .getByRole('alert')
        .filter({ hasText: 'does not meet the protocol’s eligibility rules' });
      await expect(accepted.or(refused)).toBeVisible();
      if (await accepted.isVisible()) {
        enrolled += 1;
        enrolledNumbers.push(patient.number);
      }
      if (patient.number === 1) {
        await expectAccessible(page, 'enrollment result');
        await screenshot(page, '04-coordinator-enrolled');
      }
    }
    expect(enrolled).toBeGreaterThanOrEqual(6);
    writeFileSync(join(RUN_DIR, 'enrolled.json'), JSON.stringify(enrolledNumbers));
  });

  test('uploads each subject’s baseline image and lesion mask', async ({ page }) => {
    const { trialCode, hospitalDir } = readState();
    await page.goto(`/trials/${trialCode}/enrollment/candidates`);
    let uploaded = 0;
    for (const patient of patients()) {
      await page.goto(`/trials/${trialCode}/enrollment/candidates`);
      await page.getByLabel('Identifier').fill(`urn:prospect:synthetic:mrn|${patient.mrn}`);
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      await expect(page.getByText(/\d+ patients? found/)).toBeVisible();
      const link = page.getByRole('link', { name: /^Enrolled as / });
      if ((await link.count()) === 0) continue;
      await link.first().click();
      await page.getByLabel(/^Image: the DICOM files/).setInputFiles(join(hospitalDir, patient.image));
      await page.getByLabel(/^Lesion mask/).setInputFiles(join(hospitalDir, patient.mask));
      await page.getByRole('button', { name: 'Upload and check' }).click();
      await expect(page.getByRole('heading', { name: /^Baseline image version 1/ })).toBeVisible({
        timeout: 60_000,
      });
      uploaded += 1;
    }
    expect(uploaded).toBeGreaterThanOrEqual(6);
  });

  test('locks every ready prediction before treatment and verifies a receipt in the browser', async ({
    page,
  }) => {
    const { trialCode } = readState();
    await page.goto(`/trials/${trialCode}/enrollment/subjects`);
    await page.getByRole('button', { name: 'Predict all uploaded images' }).click();
    await expect(page.getByRole('status').filter({ hasText: /Prediction job: Finished/ })).toBeVisible({
      timeout: 90_000,
    });
    await page.getByRole('button', { name: 'Lock all ready predictions' }).click();
    await expect(page.getByRole('status').filter({ hasText: /Lock job: Finished/ })).toBeVisible({
      timeout: 90_000,
    });
    await expect(page.getByText(/without a baseline image/)).toContainText(/\b0 without a baseline image/);
    await expectAccessible(page, 'enrollments after locking');
    await screenshot(page, '05-coordinator-enrollments');

    await page
      .getByRole('link', { name: new RegExp(`^${trialCode}-`) })
      .first()
      .click();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download receipt (JSON)' }).click();
    const receipt = await download;
    expect(receipt.suggestedFilename()).toMatch(/receipt.*\.json$/);
    await page.getByRole('button', { name: 'Verify receipt' }).click();
    await expect(page.getByText('Receipt verified in this browser')).toBeVisible();
    await expectAccessible(page, 'enrollment detail');
    await screenshot(page, '06-coordinator-subject');
  });

  test('the hospital records the treatment starts after the locks, and the outcomes of all but one subject', () => {
    const { fhirBaseUrl } = readState();
    const enrolledNumbers = JSON.parse(readFileSync(join(RUN_DIR, 'enrolled.json'), 'utf8')) as number[];
    const withheld = enrolledNumbers.at(-1) as number;
    cli(['hospital', 'treatment', '--dir', 'hospital', '--fhir', fhirBaseUrl]);
    // Outcomes are dated when they are written: a moment after the treatment starts.
    cli(['hospital', 'outcomes', '--dir', 'hospital', '--fhir', fhirBaseUrl, '--except', String(withheld)]);
  });
});
