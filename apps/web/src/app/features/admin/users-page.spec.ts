import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { User } from '@prospect/web-data-access/admin';
import { UsersPage } from './users-page';
import { must, provideHttpTesting, settleAll } from '../../../testing';

function user(username: string, extra: Partial<User> = {}): User {
  return {
    id: `id-${username}`,
    username,
    displayName: `Dr ${username}`,
    isAdmin: false,
    isActive: true,
    mustChangePassword: false,
    lockedUntil: null,
    lastLoginAt: null,
    createdAt: '2027-01-01T00:00:00.000Z',
    ...extra,
  };
}

const USERS = [
  user('admin', { isAdmin: true }),
  user('alice'),
  user('bob', { isActive: false }),
  user('carol', { lockedUntil: '2999-01-01T00:00:00.000Z' }),
];

async function setUp() {
  TestBed.configureTestingModule({
    providers: [...provideHttpTesting()],
  });
  const http = TestBed.inject(HttpTestingController);
  const fixture = TestBed.createComponent(UsersPage);
  fixture.detectChanges();
  http.expectOne('/api/v1/users').flush(USERS);
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
  const rows = () =>
    Array.from(element.querySelectorAll('tbody th[scope="row"]')).map((cell) => cell.textContent?.trim());
  return { fixture, http, element, set, button, rows };
}

describe('UsersPage', () => {
  afterEach(() => TestBed.inject(HttpTestingController).verify());

  it('lists users with their state and filters them', async () => {
    const { element, set, rows } = await setUp();
    expect(rows()).toEqual(['admin', 'alice', 'bob', 'carol']);
    expect(element.textContent).toContain('Deactivated');
    expect(element.textContent).toContain('Locked out');
    await set('#user-state', 'locked', 'change');
    expect(rows()).toEqual(['carol']);
    await set('#user-state', 'all', 'change');
    await set('#user-search', 'ali');
    expect(rows()).toEqual(['alice']);
  });

  it('creates a user and shows the one-time password once, with a copy button and a warning', async () => {
    const { fixture, http, element, set, button } = await setUp();
    expect(button('Create the user').disabled).toBe(true);
    await set('#new-username', 'dave.assessor');
    await set('#new-display-name', 'Dr. D. Assessor');
    button('Create the user').click();
    await settleAll(fixture);
    const post = http.expectOne('/api/v1/users');
    expect(post.request.method).toBe('POST');
    expect(post.request.body).toEqual({
      username: 'dave.assessor',
      displayName: 'Dr. D. Assessor',
      isAdmin: false,
    });
    post.flush({
      user: user('dave.assessor', { mustChangePassword: true }),
      temporaryPassword: 'Tmp-9f3c-XYZ',
    });
    await settleAll(fixture);
    http.expectOne('/api/v1/users').flush([...USERS, user('dave.assessor', { mustChangePassword: true })]);
    await settleAll(fixture);

    const notice = must(element.querySelector('app-one-time-password'));
    expect(notice.textContent).toContain('Tmp-9f3c-XYZ');
    expect(notice.textContent).toContain('Shown only this once');
    expect(notice.querySelector('button')?.textContent).toContain('Copy password');
    expect(element.textContent).toContain('Grant trial roles to dave.assessor');

    const copied: string[] = [];
    const writeText = async (text: string) => void copied.push(text);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    button('Copy password').click();
    await settleAll(fixture);
    expect(copied).toEqual(['Tmp-9f3c-XYZ']);
    expect(element.textContent).toContain('Copied to the clipboard.');

    button('I have copied it').click();
    await settleAll(fixture);
    expect(element.querySelector('app-one-time-password')).toBeNull();
    expect(element.textContent).not.toContain('Tmp-9f3c-XYZ');
  });

  it('sends a password the administrator sets, and shows the API refusing a field', async () => {
    const { fixture, http, element, set, button } = await setUp();
    await set('#new-username', 'erin');
    await set('#new-display-name', 'Erin');
    const admin = must(element.querySelector<HTMLInputElement>('input[name="isAdmin"]'));
    admin.checked = true;
    admin.dispatchEvent(new Event('change'));
    const mode = must(element.querySelector<HTMLInputElement>('input[name="passwordMode"][value="set"]'));
    mode.checked = true;
    mode.dispatchEvent(new Event('change'));
    await settleAll(fixture);
    await set('#new-password', 'a-long-chosen-password');
    button('Create the user').click();
    await settleAll(fixture);
    const post = http.expectOne('/api/v1/users');
    expect(post.request.body).toEqual({
      username: 'erin',
      displayName: 'Erin',
      isAdmin: true,
      password: 'a-long-chosen-password',
    });
    post.flush(
      {
        title: 'Unprocessable',
        status: 422,
        code: 'WEAK_PASSWORD',
        detail: 'The password is too weak.',
        errors: [{ field: 'password', reason: 'must be at least 12 characters' }],
      },
      { status: 422, statusText: 'Unprocessable Entity' },
    );
    await settleAll(fixture);
    expect(element.querySelector('.field-error')?.textContent).toContain('must be at least 12 characters');
    expect(element.querySelector('app-one-time-password')).toBeNull();
  });
});
