import { isRole, isTrialRole, ROLES, TRIAL_ROLES } from './roles';

describe('roles', () => {
  it('lists the seven roles', () => {
    expect(ROLES).toEqual([
      'admin',
      'coordinator',
      'outcome-assessor',
      'statistician',
      'dmc',
      'monitor',
      'regulatory',
    ]);
  });

  it('grants every role except admin per trial', () => {
    expect(TRIAL_ROLES).toEqual(ROLES.filter((role) => role !== 'admin'));
    expect(TRIAL_ROLES).not.toContain('admin');
  });

  it.each(ROLES)('recognises %s as a role', (role) => {
    expect(isRole(role)).toBe(true);
  });

  it.each<unknown>([
    'Admin',
    'ADMIN',
    'owner',
    '',
    ' admin',
    null,
    undefined,
    1,
    ['admin'],
    { role: 'admin' },
  ])('rejects %p as a role', (value) => {
    expect(isRole(value)).toBe(false);
  });

  it.each(TRIAL_ROLES)('recognises %s as a trial role', (role) => {
    expect(isTrialRole(role)).toBe(true);
  });

  it.each<unknown>(['admin', 'Coordinator', null, 3])('rejects %p as a trial role', (value) => {
    expect(isTrialRole(value)).toBe(false);
  });
});
