import { type Routes } from '@angular/router';
import { trialRoleGuard } from '@prospect/web-data-access';
import { OUTCOME_READER_ROLES } from './outcome-format';
import { OutcomeWorklistPage } from './outcome-worklist-page';
import { SubjectOutcomePage } from './subject-outcome-page';

/** `/trials/:trialCode/outcomes`: the worklist and each subject's outcome (never a prediction). */
export const OUTCOME_ROUTES: Routes = [
  {
    path: '',
    canActivate: [trialRoleGuard(OUTCOME_READER_ROLES)],
    children: [
      { path: '', pathMatch: 'full', component: OutcomeWorklistPage, title: 'Outcomes · Prospect' },
      { path: ':subjectId', component: SubjectOutcomePage, title: 'Subject outcome · Prospect' },
    ],
  },
];
