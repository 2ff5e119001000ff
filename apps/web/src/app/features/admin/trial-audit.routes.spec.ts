import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import {
  type ActivatedRouteSnapshot,
  convertToParamMap,
  type RouterStateSnapshot,
  UrlTree,
} from '@angular/router';
import { type Me, SessionStore } from '@prospect/web-data-access';
import { trialAuditGuard } from './trial-audit.routes';
import { provideHttpTesting } from '../../../testing';

async function guardFor(me: Me): Promise<unknown> {
  TestBed.configureTestingModule({
    providers: [...provideHttpTesting()],
  });
  const loading = TestBed.inject(SessionStore).loadMe();
  TestBed.inject(HttpTestingController).expectOne('/api/v1/auth/me').flush(me);
  await loading;
  const parent = { paramMap: convertToParamMap({ trialCode: 'MM-RAD-01' }), parent: null };
  const route = { paramMap: convertToParamMap({}), parent } as unknown as ActivatedRouteSnapshot;
  return TestBed.runInInjectionContext(() => trialAuditGuard(route, {} as RouterStateSnapshot));
}

const base: Me = {
  id: 'u',
  username: 'u',
  displayName: 'U',
  isAdmin: false,
  mustChangePassword: false,
  trials: [],
};

describe('trialAuditGuard', () => {
  it('lets administrators and the trial’s monitors in', async () => {
    expect(await guardFor({ ...base, isAdmin: true })).toBe(true);
    TestBed.resetTestingModule();
    expect(await guardFor({ ...base, trials: [{ trialCode: 'MM-RAD-01', roles: ['monitor'] }] })).toBe(true);
  });

  it('turns other roles away, and monitors of another trial', async () => {
    expect(
      await guardFor({ ...base, trials: [{ trialCode: 'MM-RAD-01', roles: ['outcome-assessor', 'dmc'] }] }),
    ).toBeInstanceOf(UrlTree);
    TestBed.resetTestingModule();
    expect(
      await guardFor({ ...base, trials: [{ trialCode: 'OTHER-01', roles: ['monitor'] }] }),
    ).toBeInstanceOf(UrlTree);
  });
});
