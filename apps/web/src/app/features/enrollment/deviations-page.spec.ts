import { TestBed } from '@angular/core/testing';
import { HttpTestingController } from '@angular/common/http/testing';
import { type TrialRole } from '@prospect/web-data-access';
import { DeviationsPage } from './deviations-page';
import { provideHttpTesting, provideTrialContext } from '../../../testing';

describe('DeviationsPage', () => {
  async function open(roles: TrialRole[]) {
    TestBed.configureTestingModule({
      providers: [...provideHttpTesting(), provideTrialContext(roles)],
    });
    const http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(DeviationsPage);
    fixture.detectChanges();
    await fixture.whenStable();
    http.expectOne('/api/v1/trials/MM-RAD-01/lock-deviations').flush([
      {
        subjectId: 'MM-RAD-01-HD01-0004',
        leafIndex: 5,
        kind: 'treatment-started-before-lock',
        lockedAt: '2026-11-22T10:00:00Z',
        treatmentStart: {
          status: 'actual',
          at: '2026-11-21T08:00:00Z',
          source: 'MedicationAdministration/m-1',
        },
        baselineLinkVersion: 3,
        reason: 'A re-sync found the first dose given before the lock.',
        detectedAt: '2026-11-23T10:00:00Z',
      },
    ]);
    await new Promise((resolve) => setTimeout(resolve, 0));
    fixture.detectChanges();
    return fixture.nativeElement as HTMLElement;
  }

  it('lists each deviation with its treatment start and explains the kind', async () => {
    const root = await open(['coordinator']);
    const text = root.textContent ?? '';
    expect(text).toContain('1 deviation.');
    expect(text).toContain('MedicationAdministration/m-1');
    expect(text).toContain('A re-sync found the first dose given before the lock.');
    expect(text).toContain('excluded from the primary (per-protocol) analysis');
    expect(root.querySelector('a[href*="subjects/MM-RAD-01-HD01-0004"]')).not.toBeNull();
  });

  it('links to the enrollment only for those who may read it', async () => {
    const root = await open(['statistician']);
    expect(root.textContent).toContain('MM-RAD-01-HD01-0004');
    expect(root.querySelector('a[href*="subjects/"]')).toBeNull();
  });
});
