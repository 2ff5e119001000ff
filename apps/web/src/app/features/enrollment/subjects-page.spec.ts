import { TestBed } from '@angular/core/testing';
import { HttpTestingController } from '@angular/common/http/testing';
import { type TrialRole } from '@prospect/web-data-access';
import { SubjectsPage } from './subjects-page';
import { el, provideHttpTesting, provideTrialContext } from '../../../testing';

const BASE = '/api/v1/trials/MM-RAD-01';
const row = (subjectId: string, siteCode: string, blockingIssues: number) => ({
  subjectId,
  siteCode,
  enrolledAt: '2026-11-20T09:00:00Z',
  eligibility: 'passed',
  treatmentStart: { status: 'planned', at: '2026-12-07T00:00:00Z' },
  blockingIssues,
  baselineVersion: 1,
});

describe('SubjectsPage', () => {
  let http: HttpTestingController;

  async function open(roles: TrialRole[]) {
    TestBed.configureTestingModule({
      providers: [...provideHttpTesting(), provideTrialContext(roles)],
    });
    http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(SubjectsPage);
    fixture.detectChanges();
    await fixture.whenStable();
    http
      .expectOne(`${BASE}/enrollments`)
      .flush([row('S-1', 'HD01', 0), row('S-2', 'TU02', 1), row('S-3', 'HD01', 0)]);
    http
      .expectOne(`${BASE}/locks`)
      .flush([{ subjectId: 'S-3', leafIndex: 2, lockedAt: '2026-11-22T00:00:00Z', inPrimaryAnalysis: true }]);
    await new Promise((resolve) => setTimeout(resolve, 0));
    http.expectOne(`${BASE}/enrollments/S-1/predictions`).flush([{ id: 'p', subjectId: 'S-1' }]);
    http.expectOne(`${BASE}/enrollments/S-2/predictions`).flush([]);
    await new Promise((resolve) => setTimeout(resolve, 0));
    fixture.detectChanges();
    await fixture.whenStable();
    return fixture;
  }

  it('lists enrollments with state, issues, prediction and lock, and filters them', async () => {
    const fixture = await open(['coordinator']);
    const root = fixture.nativeElement as HTMLElement;
    const cells = () =>
      Array.from(root.querySelectorAll('tbody tr')).map((tr) =>
        Array.from(tr.children).map((cell) => cell.textContent?.trim()),
      );
    expect(cells().map((cell) => [cell[0], cell[3], cell[7], cell[8]])).toEqual([
      ['S-1', 'Ready', '0', 'Predicted, not locked'],
      ['S-2', 'Blocking issues', '1', 'None'],
      ['S-3', 'Locked', '0', 'Locked'],
    ]);
    expect(cells()[2]?.[9]).toContain('entry 2');
    const site = el<HTMLSelectElement>(root, '#f-site');
    site.value = 'HD01';
    site.dispatchEvent(new Event('change'));
    const locked = el<HTMLSelectElement>(root, '#f-locked');
    locked.value = 'no';
    locked.dispatchEvent(new Event('change'));
    await fixture.whenStable();
    expect(cells().map((cell) => cell[0])).toEqual(['S-1']);
    expect(root.textContent).toContain('1 of 3 enrollments shown.');
    expect(
      Array.from(root.querySelectorAll('button')).some((b) =>
        b.textContent?.includes('Lock all ready predictions'),
      ),
    ).toBe(true);
  });

  it('hides lock-all from monitors', async () => {
    const fixture = await open(['monitor']);
    const root = fixture.nativeElement as HTMLElement;
    expect(root.textContent).toContain('3 of 3 enrollments shown.');
    expect(Array.from(root.querySelectorAll('button')).some((b) => b.textContent?.includes('Lock all'))).toBe(
      false,
    );
  });
});
