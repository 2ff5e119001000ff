import { type Routes } from '@angular/router';
import { trialRoleGuard } from '@prospect/web-data-access';
import { AnalysesPage } from './analyses-page';
import { LookPage } from './look-page';

/** Roles that may read analyses (docs/ROLES.md: GET …/analyses). */
const ANALYSIS_READERS = ['statistician', 'dmc', 'coordinator', 'monitor', 'regulatory'] as const;

export const ANALYSIS_ROUTES: Routes = [
  {
    path: '',
    canActivate: [trialRoleGuard(ANALYSIS_READERS)],
    children: [
      { path: '', component: AnalysesPage, title: 'Analyses · Prospect' },
      { path: ':lookNumber', component: LookPage, title: 'Look · Prospect' },
    ],
  },
];
