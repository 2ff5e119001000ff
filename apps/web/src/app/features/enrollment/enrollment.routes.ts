import { type Routes } from '@angular/router';
import { trialRoleGuard } from '@prospect/web-data-access';
import { CandidatesPage } from './candidates-page';
import { DeviationsPage } from './deviations-page';
import { SubjectPage } from './subject-page';
import { SubjectsPage } from './subjects-page';

/** Who may read what (docs/ROLES.md): the guards keep people away from screens that would answer 403. */
const ENROLLMENT_READERS = trialRoleGuard(['coordinator', 'monitor']);

export const ENROLLMENT_ROUTES: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'subjects' },
  {
    path: 'candidates',
    component: CandidatesPage,
    canActivate: [trialRoleGuard(['coordinator'])],
    title: 'Candidates · Prospect',
  },
  {
    path: 'subjects',
    component: SubjectsPage,
    canActivate: [ENROLLMENT_READERS],
    title: 'Enrollments · Prospect',
  },
  {
    path: 'subjects/:subjectId',
    component: SubjectPage,
    canActivate: [ENROLLMENT_READERS],
    title: 'Enrollment · Prospect',
  },
  {
    path: 'deviations',
    component: DeviationsPage,
    canActivate: [trialRoleGuard(['coordinator', 'statistician', 'dmc', 'monitor', 'regulatory'])],
    title: 'Lock deviations · Prospect',
  },
];
