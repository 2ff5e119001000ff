import { TestBed } from '@angular/core/testing';
import {
  type ActivatedRouteSnapshot,
  convertToParamMap,
  provideRouter,
  Router,
  type RouterStateSnapshot,
  UrlTree,
} from '@angular/router';
import type { TrialRole } from './auth.models';
import { trialRoleGuard } from './guards';
import { SessionStore } from './session.store';

/** Runs `guard` for a child route under `/trials/MM/…` as a user with `roles` in MM (and admin or not). */
function run(guard: ReturnType<typeof trialRoleGuard>, roles: readonly TrialRole[], admin: boolean): boolean {
  TestBed.resetTestingModule();
  TestBed.configureTestingModule({
    providers: [
      provideRouter([]),
      {
        provide: SessionStore,
        useValue: {
          isAdmin: () => admin,
          hasAnyRole: (code: string, wanted: readonly TrialRole[]) =>
            code === 'MM' && wanted.some((role) => roles.includes(role)),
        },
      },
    ],
  });
  const parent = { paramMap: convertToParamMap({ trialCode: 'MM' }), parent: null };
  const route = { paramMap: convertToParamMap({}), parent } as unknown as ActivatedRouteSnapshot;
  const result = TestBed.runInInjectionContext(() => guard(route, { url: '/x' } as RouterStateSnapshot));
  if (result instanceof UrlTree) {
    expect(TestBed.inject(Router).serializeUrl(result)).toBe('/forbidden');
    return false;
  }
  return result as boolean;
}

describe('trialRoleGuard', () => {
  it('lets in holders of one of the roles in the trial of the URL', () => {
    const guard = trialRoleGuard(['monitor', 'regulatory']);
    expect(run(guard, ['regulatory'], false)).toBe(true);
    expect(run(guard, ['coordinator'], false)).toBe(false);
  });

  it('keeps administrators out unless `admin` allows them', () => {
    expect(run(trialRoleGuard(['monitor']), [], true)).toBe(false);
    expect(run(trialRoleGuard(['monitor'], { admin: true }), [], true)).toBe(true);
    expect(run(trialRoleGuard(['monitor'], { admin: true }), [], false)).toBe(false);
    expect(run(trialRoleGuard(['monitor'], { admin: true }), ['monitor'], false)).toBe(true);
  });

  it('sends to the forbidden page without a trial in the URL', () => {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        { provide: SessionStore, useValue: { isAdmin: () => false, hasAnyRole: () => true } },
      ],
    });
    const route = { paramMap: convertToParamMap({}), parent: null } as unknown as ActivatedRouteSnapshot;
    const result = TestBed.runInInjectionContext(() =>
      trialRoleGuard(['monitor'])(route, { url: '/x' } as RouterStateSnapshot),
    );
    expect(result instanceof UrlTree && TestBed.inject(Router).serializeUrl(result)).toBe('/forbidden');
  });
});
