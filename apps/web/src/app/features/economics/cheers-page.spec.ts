import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { TrialRole } from '@prospect/web-data-access';
import { CheersPage } from './cheers-page';
import { button, must, provideHttpTesting, provideTrialContext, tick } from '../../../testing';

/** Rendering with the charts is slow in jsdom on a busy machine. */
const SLOW = 30_000;

const CHECKLIST = {
  complete: false,
  ignoredEntries: [],
  items: [
    {
      number: 4,
      section: 'Methods',
      topic: 'Health economic analysis plan',
      status: 'reported',
      text: 'Protocol version 1.',
      source: 'platform',
    },
    {
      number: 21,
      section: 'Methods',
      topic: 'Approach to engagement with patients',
      status: 'missing',
      text: 'Item 21 needs a user.',
      source: null,
    },
  ],
};

async function render(roles: readonly TrialRole[]) {
  TestBed.configureTestingModule({
    providers: [...provideHttpTesting(), provideTrialContext(roles)],
  });
  const fixture = TestBed.createComponent(CheersPage);
  fixture.componentRef.setInput('evaluationNumber', '1');
  const http = TestBed.inject(HttpTestingController);
  fixture.detectChanges();
  TestBed.tick();
  http.expectOne('/api/v1/trials/MM-RAD-01/economic-evaluations/1/cheers').flush(CHECKLIST);
  await tick(fixture);
  return { fixture, http, element: fixture.nativeElement as HTMLElement };
}

describe('CheersPage', () => {
  it(
    'records an entry for a missing item and reloads the checklist',
    async () => {
      const { fixture, http, element } = await render(['regulatory']);
      expect(element.textContent).toContain('1 of 2 items still need an answer.');
      expect(element.querySelector('[aria-label="Answer item 4"]')).toBeNull(); // the platform answers item 4
      must(element.querySelector<HTMLButtonElement>('[aria-label="Answer item 21"]')).click();
      await tick(fixture);
      const status = must(element.querySelector<HTMLSelectElement>('#cheers-status'));
      status.value = 'not-applicable';
      status.dispatchEvent(new Event('change'));
      const text = must(element.querySelector<HTMLTextAreaElement>('#cheers-text'));
      text.value = 'No patient partners were involved.';
      text.dispatchEvent(new Event('input'));
      await tick(fixture);
      button(element, 'Save item 21').click();
      const post = http.expectOne('/api/v1/trials/MM-RAD-01/cheers-entries');
      expect(post.request.method).toBe('POST');
      expect(post.request.body).toEqual({
        itemNumber: 21,
        status: 'not-applicable',
        text: 'No patient partners were involved.',
      });
      post.flush({
        itemNumber: 21,
        status: 'not-applicable',
        text: 'No patient partners were involved.',
        recordedAt: '',
      });
      await tick(fixture);
      http
        .expectOne('/api/v1/trials/MM-RAD-01/economic-evaluations/1/cheers')
        .flush({ ...CHECKLIST, complete: true });
      await tick(fixture);
      expect(element.textContent).toContain('Every item is answered.');
    },
    SLOW,
  );

  it(
    'is read-only for the DMC',
    async () => {
      const { element } = await render(['dmc']);
      expect(element.querySelector('[aria-label="Answer item 21"]')).toBeNull();
    },
    SLOW,
  );
});
