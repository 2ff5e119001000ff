import { type Routes } from '@angular/router';
import { trialRoleGuard } from '@prospect/web-data-access';
import { CheersPage } from './cheers-page';
import { EconomicsPage } from './economics-page';
import { EvaluationPage } from './evaluation-page';

export const ECONOMICS_ROUTES: Routes = [
  {
    path: '',
    canActivate: [trialRoleGuard(['statistician', 'dmc', 'coordinator', 'monitor', 'regulatory'])],
    children: [
      { path: '', component: EconomicsPage, title: 'Cost-effectiveness · Prospect' },
      { path: ':evaluationNumber', component: EvaluationPage, title: 'Economic evaluation · Prospect' },
      {
        path: ':evaluationNumber/cheers',
        component: CheersPage,
        canActivate: [trialRoleGuard(['statistician', 'dmc', 'regulatory'])],
        title: 'CHEERS 2022 checklist · Prospect',
      },
    ],
  },
];
