import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { RoleAssignment, User } from '@prospect/web-data-access/admin';
import { UserDetailPage } from './user-detail-page';
import { must, provideHttpTesting, settleAll } from '../../../testing';

const USER_ID = '33333333-3333-4333-8333-333333333333';
const ALICE: User = {
  id: USER_ID,
  username: 'alice',
  displayName: 'Dr Alice',
  isAdmin: false,
  isActive: true,
  mustChangePassword: false,
  lockedUntil: null,
  lastLoginAt: '2027-01-02T10:00:00.000Z',
  createdAt: '2027-01-01T00:00:00.000Z',
};
const ROLE: RoleAssignment = {
  id: 'assignment-1',
  userId: USER_ID,
  trialId: 'trial-1',
  trialCode: 'MM-RAD-01',
  role: 'outcome-assessor',
  grantedAt: '2027-01-01T00:00:00.000Z',
  grantedBy: 'admin',
  revokedAt: null,
  revokedBy: null,
  revokeReason: null,
};
const REVOKED: RoleAssignment = {
  ...ROLE,
  id: 'assignment-0',
  role: 'coordinator',
  revokedAt: '2027-01-01T05:00:00.000Z',
  revokedBy: 'admin',
  revokeReason: 'Moved to another site',
};

async function setUp() {
  TestBed.configureTestingModule({
    providers: [...provideHttpTesting()],
  });
  const http = TestBed.inject(HttpTestingController);
  const fixture = TestBed.createComponent(UserDetailPage);
  fixture.componentRef.setInput('userId', USER_ID);
  fixture.detectChanges();
  await settleAll(fixture);
  http.expectOne(`/api/v1/users/${USER_ID}`).flush(ALICE);
  await settleAll(fixture);
  const roles = http.expectOne((request) => request.url === `/api/v1/users/${USER_ID}/roles`);
  expect(roles.request.params.get('includeRevoked')).toBe('true');
  roles.flush([REVOKED, ROLE]);
  http.expectOne('/api/v1/trials').flush([
    { id: 'trial-1', code: 'MM-RAD-01', title: 'Myeloma', sites: [] },
    { id: 'trial-2', code: 'BC-PCR-02', title: 'Breast', sites: [] },
  ]);
  await settleAll(fixture);
  const element = fixture.nativeElement as HTMLElement;
  const set = async (selector: string, value: string, event = 'input') => {
    const control = must(element.querySelector<HTMLInputElement>(selector), selector);
    control.value = value;
    control.dispatchEvent(new Event(event));
    await settleAll(fixture);
  };
  const button = (text: string) =>
    must(
      Array.from(element.querySelectorAll('button')).find((candidate) =>
        candidate.textContent?.trim().startsWith(text),
      ),
      text,
    );
  return { fixture, http, element, set, button };
}

describe('UserDetailPage', () => {
  afterEach(() => TestBed.inject(HttpTestingController).verify());

  it('deactivates a user with the reason', async () => {
    const { fixture, http, element, set, button } = await setUp();
    expect(element.querySelector('h1')?.textContent).toContain('alice');
    button('Deactivate').click();
    await settleAll(fixture);
    const submit = must(element.querySelector<HTMLButtonElement>('form button[type="submit"]'));
    expect(submit.disabled).toBe(true);
    await set('#step-reason', 'Left the study team');
    submit.click();
    await settleAll(fixture);
    const post = http.expectOne(`/api/v1/users/${USER_ID}/deactivate`);
    expect(post.request.method).toBe('POST');
    expect(post.request.body).toEqual({ reason: 'Left the study team' });
    post.flush({ ...ALICE, isActive: false });
    await settleAll(fixture);
    expect(element.textContent).toContain('Deactivated; their sessions have ended.');
    expect(button('Reactivate')).toBeTruthy();
  });

  it('resets the password and shows the new one-time password once', async () => {
    const { fixture, http, element, set, button } = await setUp();
    button('Reset the password').click();
    await settleAll(fixture);
    await set('#step-reason', 'Forgot it; identity checked by phone');
    must(element.querySelector<HTMLButtonElement>('form button[type="submit"]')).click();
    await settleAll(fixture);
    const post = http.expectOne(`/api/v1/users/${USER_ID}/password-reset`);
    expect(post.request.body).toEqual({ reason: 'Forgot it; identity checked by phone' });
    post.flush({ user: { ...ALICE, mustChangePassword: true }, temporaryPassword: 'Reset-Once-123' });
    await settleAll(fixture);
    expect(element.querySelector('app-one-time-password')?.textContent).toContain('Reset-Once-123');
    button('I have copied it').click();
    await settleAll(fixture);
    expect(element.textContent).not.toContain('Reset-Once-123');
  });

  it('grants a trial role (trial + role + reason) and revokes one with a reason', async () => {
    const { fixture, http, element, set, button } = await setUp();
    expect(element.textContent).toContain('1 current, 1 revoked');
    expect(element.textContent).toContain('Moved to another site');

    await set('#grant-trial', 'BC-PCR-02', 'change');
    await set('#grant-role', 'dmc', 'change');
    await set('#grant-reason', 'Joins the DMC');
    button('Grant the role').click();
    await settleAll(fixture);
    const grant = http.expectOne(`/api/v1/users/${USER_ID}/roles`);
    expect(grant.request.method).toBe('POST');
    expect(grant.request.body).toEqual({ trialCode: 'BC-PCR-02', role: 'dmc', reason: 'Joins the DMC' });
    grant.flush({ ...ROLE, id: 'assignment-2', trialCode: 'BC-PCR-02', role: 'dmc' });
    await settleAll(fixture);
    http.expectOne((request) => request.url === `/api/v1/users/${USER_ID}/roles`).flush([REVOKED, ROLE]);
    await settleAll(fixture);
    expect(element.textContent).toContain('Granted dmc in BC-PCR-02.');

    must(
      element.querySelector<HTMLButtonElement>('button[aria-label="Revoke outcome-assessor in MM-RAD-01"]'),
    ).click();
    await settleAll(fixture);
    await set('#revoke-reason-assignment-1', 'Conflict of interest');
    button('Revoke').click();
    await settleAll(fixture);
    const revoke = http.expectOne(`/api/v1/users/${USER_ID}/roles/assignment-1/revoke`);
    expect(revoke.request.method).toBe('POST');
    expect(revoke.request.body).toEqual({ reason: 'Conflict of interest' });
    revoke.flush({ ...ROLE, revokedAt: '2027-01-03T00:00:00.000Z', revokeReason: 'Conflict of interest' });
    await settleAll(fixture);
    http.expectOne((request) => request.url === `/api/v1/users/${USER_ID}/roles`).flush([]);
    await settleAll(fixture);
    expect(element.textContent).toContain('Revoked outcome-assessor in MM-RAD-01.');
  });
});
