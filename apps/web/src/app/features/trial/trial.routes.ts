import { type Routes } from '@angular/router';
import { TrialOverviewPage } from './trial-overview-page';

export const TRIAL_ROUTES: Routes = [
  { path: '', component: TrialOverviewPage, title: 'Trial overview · Prospect' },
];
