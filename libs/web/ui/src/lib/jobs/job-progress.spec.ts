import { TestBed } from '@angular/core/testing';
import type { Job } from '@prospect/web-data-access';
import { JobProgress } from './job-progress';

function job(overrides: Partial<Job>): Job {
  return {
    id: 'j1',
    kind: 'submission-package',
    status: 'queued',
    subjectId: null,
    attempts: 1,
    error: null,
    result: null,
    createdAt: '2026-11-28T10:00:00Z',
    startedAt: null,
    finishedAt: null,
    ...overrides,
  };
}

describe('JobProgress', () => {
  function render(value: Job | null): HTMLElement {
    const fixture = TestBed.createComponent(JobProgress);
    fixture.componentRef.setInput('job', value);
    fixture.componentRef.setInput('label', 'Package');
    fixture.detectChanges();
    return fixture.nativeElement as HTMLElement;
  }

  it('shows nothing without a job', () => {
    expect(render(null).textContent?.trim()).toBe('');
  });

  it('shows an indeterminate bar while queued', () => {
    const element = render(job({ status: 'queued' }));
    expect(element.querySelector('[role=status]')?.textContent).toContain('Package: Queued');
    expect(element.querySelector('progress')?.hasAttribute('value')).toBe(false);
  });

  it('shows how far a running job that reports progress is, with its step', () => {
    const element = render(job({ status: 'running', result: { done: 3, total: 12, step: 'dataset ADSL' } }));
    const bar = element.querySelector('progress') as HTMLProgressElement;
    expect(bar.value).toBeCloseTo(0.25);
    expect(element.textContent?.replace(/\s+/g, ' ')).toContain('3 of 12 · dataset ADSL');
  });

  it('ignores a running result that is not a progress report', () => {
    const element = render(job({ status: 'running', result: { locked: 4 } }));
    expect(element.querySelector('progress')?.hasAttribute('value')).toBe(false);
  });

  it('shows a failed job with its error as an alert and the attempts', () => {
    const element = render(job({ status: 'failed', attempts: 3, error: 'FHIR server unreachable' }));
    expect(element.querySelector('[role=alert]')?.textContent).toContain('FHIR server unreachable');
    expect(element.textContent).toContain('Failed');
    expect(element.textContent).toContain('attempt 3');
  });
});
