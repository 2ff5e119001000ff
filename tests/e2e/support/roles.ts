import { expect, firstSignIn, signIn } from './fixtures';
import type { Page } from '@playwright/test';
import { account, saveAccount } from './platform';

/**
 * Signs in as a trial role's account: the first time with the one-time password the
 * administrator saw (the app insists on a new one), later with the chosen one.
 */
export async function signInAs(page: Page, username: string): Promise<void> {
  const known = account(username);
  if (known.password.startsWith('chosen:')) {
    await signIn(page, username, known.password.slice('chosen:'.length));
    return;
  }
  const chosen = `${username} passphrase for e2e`.replace('e2e-', 'trial ');
  await firstSignIn(page, username, known.password, chosen);
  saveAccount({ ...known, password: `chosen:${chosen}` });
  await expect(page.getByRole('heading', { name: 'Your trials' })).toBeVisible();
}

/** The chosen password of an account, for e-signatures. */
export function passwordOf(username: string): string {
  const known = account(username);
  return known.password.startsWith('chosen:') ? known.password.slice('chosen:'.length) : known.password;
}
