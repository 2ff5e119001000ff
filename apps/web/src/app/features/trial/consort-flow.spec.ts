import { TestBed } from '@angular/core/testing';
import { ConsortFlowDiagram } from './consort-flow';

const FLOW = {
  enrolled: 38,
  notLocked: 2,
  locked: 36,
  outcome: { observed: 30, adjudicated: 1, pending: 3, conflicting: 1, missing: 0, withdrawn: 1 },
  withOutcome: 31,
  analysedPrimary: 29,
  analysedSensitivity: 31,
  excludedFromPrimary: 2,
  exclusions: {
    'lock-after-treatment-start': 1,
    'imaging-outside-window': 0,
    'outcome-outside-window': 1,
    withdrawn: 0,
  },
};

describe('ConsortFlowDiagram', () => {
  it('draws every stage with its count and exclusions, and the same numbers as a table', () => {
    const fixture = TestBed.createComponent(ConsortFlowDiagram);
    fixture.componentRef.setInput('flow', FLOW);
    fixture.detectChanges();
    const root = fixture.nativeElement as HTMLElement;
    const box = (stage: string) =>
      root.querySelector(`[data-stage="${stage}"] .consort__box`)?.textContent ?? '';
    expect(box('enrolled')).toContain('n = 38');
    expect(box('locked')).toContain('n = 36');
    expect(box('with-outcome')).toContain('n = 31');
    expect(box('analysed-primary')).toContain('n = 29');
    expect(box('analysed-sensitivity')).toContain('n = 31');
    const asides = Array.from(root.querySelectorAll('.consort__aside')).map((aside) =>
      aside.getAttribute('aria-label'),
    );
    expect(asides).toEqual([
      'Not locked: 2',
      'Without an outcome: 5',
      'Excluded from the primary analysis: 2',
    ]);
    expect(root.querySelector('[data-stage="with-outcome"] .consort__aside')?.textContent).toContain(
      'Prediction locked after treatment start: 1',
    );

    const rows = Array.from(root.querySelectorAll('table tbody tr')).map((row) => [
      row.querySelector('th')?.textContent?.trim(),
      row.querySelector('td')?.textContent?.trim(),
    ]);
    expect(root.querySelector('table caption')?.textContent).toContain('Participant flow in numbers');
    expect(rows[0]).toEqual(['Enrolled', '38']);
    expect(rows).toContainEqual(['Conflicting results, awaiting adjudication', '1']);
    expect(rows).toContainEqual(['Outcome assessed outside the protocol window', '1']);
    expect(rows.at(-1)).toEqual(['Analysed, sensitivity', '31']);
  });
});
