import { TestBed } from '@angular/core/testing';
import {
  type ActivatedRouteSnapshot,
  Router,
  type RouterStateSnapshot,
  UrlTree,
  provideRouter,
} from '@angular/router';
import { SessionStore, type TrialRole } from '@prospect/web-data-access';
import { LEDGER_ROUTES } from './ledger.routes';
import { SUBMISSION_ROUTES } from '../submission/submission.routes';

function allowed(
  route: { canActivate?: unknown[] } | undefined,
  roles: TrialRole[],
  admin: boolean,
): boolean {
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
  const child = {
    paramMap: new Map<string, string>(),
    parent: { paramMap: new Map([['trialCode', 'MM']]), parent: null },
  };
  const guard = route?.canActivate?.[0] as (
    route: ActivatedRouteSnapshot,
    state: RouterStateSnapshot,
  ) => boolean | UrlTree;
  const result = TestBed.runInInjectionContext(() =>
    guard(child as unknown as ActivatedRouteSnapshot, { url: '/x' } as RouterStateSnapshot),
  );
  if (result instanceof UrlTree) {
    expect(TestBed.inject(Router).serializeUrl(result)).toBe('/forbidden');
    return false;
  }
  return result;
}

describe('route guards', () => {
  const ledger = LEDGER_ROUTES[0];
  const packages = SUBMISSION_ROUTES.find((route) => route.path === '');
  const signatures = SUBMISSION_ROUTES.find((route) => route.path === 'signatures');

  it('opens the ledger to every trial role and to admin', () => {
    expect(allowed(ledger, ['outcome-assessor'], false)).toBe(true);
    expect(allowed(ledger, [], true)).toBe(true);
    expect(allowed(ledger, [], false)).toBe(false);
  });

  it('opens packages to regulatory and monitor only', () => {
    expect(allowed(packages, ['regulatory'], false)).toBe(true);
    expect(allowed(packages, ['monitor'], false)).toBe(true);
    expect(allowed(packages, ['statistician', 'dmc'], false)).toBe(false);
    expect(allowed(packages, [], true)).toBe(false);
  });

  it('opens signatures to admin, statistician, monitor and regulatory', () => {
    expect(allowed(signatures, ['statistician'], false)).toBe(true);
    expect(allowed(signatures, [], true)).toBe(true);
    expect(allowed(signatures, ['coordinator', 'dmc', 'outcome-assessor'], false)).toBe(false);
  });
});
