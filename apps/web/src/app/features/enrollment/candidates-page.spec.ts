import { TestBed } from '@angular/core/testing';
import { HttpTestingController } from '@angular/common/http/testing';
import { CandidatesPage, conditionCodes } from './candidates-page';
import { el, provideHttpTesting, provideTrialContext } from '../../../testing';

const BASE = '/api/v1/trials/MM-RAD-01';
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function input(root: HTMLElement, id: string, value: string): void {
  const element = el<HTMLInputElement | HTMLSelectElement>(root, `#${id}`);
  element.value = value;
  element.dispatchEvent(new Event(element instanceof HTMLSelectElement ? 'change' : 'input'));
}

function button(root: HTMLElement, text: string): HTMLButtonElement {
  const found = Array.from(root.querySelectorAll('button')).find((candidate) =>
    candidate.textContent?.trim().startsWith(text),
  );
  if (!found) throw new Error(`no button "${text}"`);
  return found;
}

describe('CandidatesPage', () => {
  let http: HttpTestingController;

  async function setup() {
    TestBed.configureTestingModule({
      providers: [...provideHttpTesting(), provideTrialContext(['coordinator'])],
    });
    http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(CandidatesPage);
    fixture.detectChanges();
    await settle();
    http.expectOne(`${BASE}/protocol-versions/1`).flush({
      version: 1,
      content: {
        eligibility: {
          rules: [
            {
              id: 'mm',
              kind: 'inclusion',
              criterion: {
                type: 'condition',
                codes: [{ system: 'http://snomed.info/sct', code: '109989006', display: 'Multiple myeloma' }],
              },
            },
          ],
        },
      },
    });
    await fixture.whenStable();
    return fixture;
  }

  it('searches by the protocol’s condition, then enrolls a candidate at a site and shows eligibility and subject id', async () => {
    const fixture = await setup();
    const root = fixture.nativeElement as HTMLElement;
    button(root, 'Multiple myeloma (109989006)').click();
    fixture.detectChanges();
    await fixture.whenStable();
    el(root, 'form').dispatchEvent(new Event('submit'));
    const search = http.expectOne((req) => req.url === `${BASE}/candidates`);
    expect(search.request.params.get('conditionCode')).toBe('http://snomed.info/sct|109989006');
    search.flush([
      {
        reference: 'Patient/a',
        identifiers: [{ system: 'mrn', value: 'SYN-1' }],
        name: 'Ada Test',
        birthDate: '1960-04-01',
        gender: 'female',
        enrolledAs: null,
      },
      {
        reference: 'Patient/b',
        identifiers: [],
        name: 'Bo Test',
        birthDate: null,
        gender: null,
        enrolledAs: 'MM-RAD-01-HD01-0001',
      },
    ]);
    await fixture.whenStable();
    expect(root.textContent).toContain('2 patients found.');
    const enrolledLink = Array.from(root.querySelectorAll('a')).find((a) =>
      a.textContent?.includes('Enrolled as MM-RAD-01-HD01-0001'),
    );
    expect(enrolledLink?.getAttribute('href')).toContain('subjects/MM-RAD-01-HD01-0001');

    el<HTMLButtonElement>(root, 'button[aria-label="Enroll Ada Test"]').click();
    await fixture.whenStable();
    input(root, 'enroll-site', 'TU02');
    input(root, 'enroll-planned', '2026-12-07');
    input(root, 'enroll-planned-reason', 'First infusion booked');
    await fixture.whenStable();
    button(root, 'Enroll at TU02').click();
    const enroll = http.expectOne(`${BASE}/enrollments`);
    expect(enroll.request.method).toBe('POST');
    expect(enroll.request.body).toEqual({
      patientReference: 'Patient/a',
      siteCode: 'TU02',
      plannedTreatmentStart: { at: '2026-12-07', reason: 'First infusion booked' },
    });
    enroll.flush({
      id: 'e',
      subjectId: 'MM-RAD-01-TU02-0007',
      siteCode: 'TU02',
      fhirPatientReference: 'Patient/a',
      protocolVersion: 1,
      enrolledAt: '2026-11-28T05:00:00Z',
      writeBack: null,
      baseline: {
        issues: [
          {
            code: 'eligibility-needs-review',
            severity: 'blocking',
            message: 'Rule "mri" needs review',
            subject: 'rule:mri',
          },
        ],
        link: {
          eligibility: {
            at: '2026-11-28T05:00:00Z',
            outcome: 'needs-review',
            rules: [
              {
                ruleId: 'adult',
                kind: 'inclusion',
                result: 'met',
                reason: 'Age 66',
                evidence: [{ resourceType: 'Patient', id: 'a' }],
              },
              {
                ruleId: 'mri',
                kind: 'exclusion',
                result: 'unknown',
                reason: 'Contraindication?',
                evidence: [],
              },
            ],
          },
        },
      },
    });
    await fixture.whenStable();
    const text = root.textContent ?? '';
    expect(text).toContain('Enrolled as MM-RAD-01-TU02-0007');
    expect(text).toContain('Needs review');
    expect(text).toContain('adult');
    expect(text).toContain('Cannot be decided');
    expect(text).toContain('How to resolve:');
    expect(root.querySelector('button[aria-label="Enroll Ada Test"]')).toBeNull();
  });

  it('shows the API’s refusal of a search', async () => {
    const fixture = await setup();
    const root = fixture.nativeElement as HTMLElement;
    input(root, 'q-name', 'Zz');
    await fixture.whenStable();
    el(root, 'form').dispatchEvent(new Event('submit'));
    http
      .expectOne((req) => req.url === `${BASE}/candidates`)
      .flush(
        {
          title: 'Bad Request',
          detail: 'FHIR server unavailable',
          errors: [{ field: 'query', reason: 'timed out' }],
        },
        { status: 502, statusText: 'Bad Gateway' },
      );
    await fixture.whenStable();
    expect(root.querySelector('[role="alert"]')?.textContent).toContain('FHIR server unavailable');
  });

  it('reads condition codes of inclusion rules only', () => {
    expect(
      conditionCodes({
        eligibility: {
          rules: [
            { kind: 'exclusion', criterion: { type: 'condition', codes: [{ system: 's', code: 'x' }] } },
            { kind: 'inclusion', criterion: { type: 'condition', codes: [{ system: 's', code: 'y' }] } },
          ],
        },
      }),
    ).toEqual([{ label: 'y (y)', value: 's|y' }]);
  });
});
