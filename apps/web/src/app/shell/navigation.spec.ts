import { TRIAL_NAVIGATION, visibleNavigation } from './navigation';

const labels = (roles: Parameters<typeof visibleNavigation>[0], isAdmin = false): string[] =>
  visibleNavigation(roles, isAdmin).map((item) => item.label);

describe('trial navigation', () => {
  it('shows an outcome assessor only what assessors may open: no enrollment, locks or analyses', () => {
    expect(labels(['outcome-assessor'])).toEqual(['Overview', 'Outcomes', 'Ledger']);
  });

  it('shows a coordinator enrollment, deviations, outcomes, analyses metadata and the ledger', () => {
    expect(labels(['coordinator'])).toEqual([
      'Overview',
      'Candidates',
      'Enrollments',
      'Lock deviations',
      'Outcomes',
      'Analyses',
      'Cost-effectiveness',
      'Ledger',
    ]);
  });

  it('shows regulatory staff the submission, and monitors the audit trail', () => {
    expect(labels(['regulatory'])).toContain('Submission');
    expect(labels(['regulatory'])).not.toContain('Audit trail');
    expect(labels(['monitor'])).toContain('Audit trail');
  });

  it('shows an administrator without a trial role the overview, ledger, signatures and audit trail only', () => {
    expect(labels([], true)).toEqual(['Overview', 'Ledger', 'Signatures', 'Audit trail']);
  });

  it('shows nothing to someone with no role in the trial', () => {
    expect(labels([])).toEqual([]);
  });

  it('every entry names at least one role or is open to all trial members', () => {
    for (const item of TRIAL_NAVIGATION)
      expect(item.roles === 'admin-or-any' || item.roles.length > 0).toBe(true);
  });
});
