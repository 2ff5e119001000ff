import { jest } from '@jest/globals';
import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { LoginPage, safeReturnUrl } from './login-page';

describe('safeReturnUrl', () => {
  it('keeps paths inside the app and refuses anything that could leave it', () => {
    expect(safeReturnUrl('/trials/MM-RAD-01/overview')).toBe('/trials/MM-RAD-01/overview');
    expect(safeReturnUrl(undefined)).toBe('/');
    expect(safeReturnUrl('https://evil.example/')).toBe('/');
    expect(safeReturnUrl('//evil.example/')).toBe('/');
    expect(safeReturnUrl('/login?returnUrl=/x')).toBe('/');
  });
});

describe('LoginPage', () => {
  async function setUp(returnUrl?: string) {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    });
    const fixture = TestBed.createComponent(LoginPage);
    if (returnUrl) fixture.componentRef.setInput('returnUrl', returnUrl);
    fixture.detectChanges();
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    const type = (label: string, value: string): void => {
      const input = element.querySelector(`#${label}`) as HTMLInputElement;
      input.value = value;
      input.dispatchEvent(new Event('input'));
    };
    return {
      fixture,
      element,
      type,
      http: TestBed.inject(HttpTestingController),
      router: TestBed.inject(Router),
    };
  }

  it('signs in and goes to the page the user came from', async () => {
    const { fixture, element, type, http, router } = await setUp('/trials/MM-RAD-01/overview');
    const navigate = jest.spyOn(router, 'navigateByUrl').mockResolvedValue(true);
    type('login-username', ' coordinator1 ');
    type('login-password', 'secret passphrase');
    fixture.detectChanges();
    (element.querySelector('form') as HTMLFormElement).dispatchEvent(new Event('submit'));
    const login = http.expectOne('/api/v1/auth/login');
    expect(login.request.body).toEqual({ username: 'coordinator1', password: 'secret passphrase' });
    login.flush({
      accessToken: 'a',
      refreshToken: 'r'.repeat(20),
      tokenType: 'Bearer',
      expiresIn: 900,
      refreshExpiresAt: new Date(Date.now() + 3_600_000).toISOString(),
      mustChangePassword: false,
    });
    await new Promise((resolve) => setTimeout(resolve, 0));
    http.expectOne('/api/v1/auth/me').flush({
      id: 'u',
      username: 'coordinator1',
      displayName: 'C',
      isAdmin: false,
      mustChangePassword: false,
      trials: [],
    });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(navigate).toHaveBeenCalledWith('/trials/MM-RAD-01/overview');
  });

  it('shows the refusal, clears the password and stays', async () => {
    const { fixture, element, type, http } = await setUp();
    type('login-username', 'coordinator1');
    type('login-password', 'wrong');
    fixture.detectChanges();
    (element.querySelector('form') as HTMLFormElement).dispatchEvent(new Event('submit'));
    http.expectOne('/api/v1/auth/login').flush(
      {
        title: 'Unauthorized',
        detail: 'Wrong username or password.',
        code: 'INVALID_CREDENTIALS',
        status: 401,
      },
      { status: 401, statusText: 'Unauthorized' },
    );
    await fixture.whenStable();
    fixture.detectChanges();
    expect(element.querySelector('[role=alert]')?.textContent).toContain('Wrong username or password.');
    expect((element.querySelector('#login-password') as HTMLInputElement).value).toBe('');
  });
});
