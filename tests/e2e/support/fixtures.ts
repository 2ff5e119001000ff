import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test as base, expect, type Locator, type Page, type Response } from '@playwright/test';
import { ARTIFACTS, readState } from './platform';

/** Playwright's test with the base URL of the platform the global set-up started. */
export const test = base.extend({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies destructured
  baseURL: async ({}, use) => use(readState().baseURL),
});
export { expect };

const requireFromHere = createRequire(__filename);
const AXE_SOURCE = readFileSync(requireFromHere.resolve('axe-core/axe.min.js'), 'utf8');

/** Signs in through the login page and waits for the app to leave it. */
export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

/** The first sign-in with a one-time password: the app insists on a new password first. */
export async function firstSignIn(
  page: Page,
  username: string,
  temporary: string,
  chosen: string,
): Promise<void> {
  await signIn(page, username, temporary);
  await expect(page).toHaveURL(/\/password/);
  await expect(page.getByRole('heading', { name: 'Change your password' })).toBeVisible();
  await page.getByLabel('Current password').fill(temporary);
  await page.getByLabel('New password', { exact: true }).fill(chosen);
  await page.getByLabel('New password again').fill(chosen);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page).not.toHaveURL(/\/password/);
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
}

/**
 * axe-core's WCAG 2.1 A/AA rules on the page as it stands; any violation fails the test with
 * the rule, the impact and the offending elements.
 */
export async function expectAccessible(page: Page, context: string): Promise<void> {
  // Evaluated through the DevTools protocol: the app's Content Security Policy forbids inline scripts.
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: (context: Document, options: object) => Promise<{ violations: unknown[] }> };
      }
    ).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    });
    return (
      result.violations as { id: string; impact: string; help: string; nodes: { target: string[] }[] }[]
    ).map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.slice(0, 5).map((node) => node.target.join(' ')),
    }));
  });
  expect(violations, `accessibility violations on ${context}`).toEqual([]);
}

/**
 * Screenshots kept as test artifacts: the viewport (dist/e2e/artifacts/screenshots/NAME.png, the
 * README's pictures; scrolled to `focus` first when given) and the whole page (…/full/NAME.png).
 */
export async function screenshot(page: Page, name: string, focus?: Locator): Promise<void> {
  const directory = join(ARTIFACTS, 'screenshots');
  await page.screenshot({
    path: join(directory, 'full', `${name}.png`),
    fullPage: true,
    animations: 'disabled',
  });
  if (focus) await focus.scrollIntoViewIfNeeded();
  else await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(directory, `${name}.png`), animations: 'disabled' });
}

export interface RecordedResponse {
  readonly method: string;
  readonly url: string;
  readonly status: number;
  readonly body: string;
}

/** Every API response the page receives from now on, with its body, for the blinding checks. */
export function recordApi(page: Page): { readonly responses: RecordedResponse[]; settle(): Promise<void> } {
  const responses: RecordedResponse[] = [];
  const pending: Promise<void>[] = [];
  const onResponse = (response: Response): void => {
    if (!response.url().includes('/api/v1/')) return;
    pending.push(
      (async () => {
        let body = '';
        try {
          body = (await response.body()).toString('utf8');
        } catch {
          // redirected or aborted: no body
        }
        responses.push({
          method: response.request().method(),
          url: response.url(),
          status: response.status(),
          body,
        });
      })(),
    );
  };
  page.on('response', onResponse);
  return {
    responses,
    async settle() {
      await Promise.all(pending);
    },
  };
}
