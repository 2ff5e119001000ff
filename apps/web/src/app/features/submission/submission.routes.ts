import { type Routes } from '@angular/router';
import { PACKAGE_READER_ROLES, SIGNATURE_READER_ROLES } from '@prospect/web-data-access/submission';
import { trialAccessGuard } from '../ledger/trial-access';
import { PackageDetailPage } from './package-detail-page';
import { SignaturesPage } from './signatures-page';
import { SubmissionPage } from './submission-page';

export const SUBMISSION_ROUTES: Routes = [
  {
    path: '',
    pathMatch: 'full',
    component: SubmissionPage,
    canActivate: [trialAccessGuard(PACKAGE_READER_ROLES, false)],
    title: 'Submission packages · Prospect',
  },
  {
    path: 'signatures',
    component: SignaturesPage,
    canActivate: [trialAccessGuard(SIGNATURE_READER_ROLES, true)],
    title: 'Electronic signatures · Prospect',
  },
  {
    path: 'packages/:packageNumber',
    component: PackageDetailPage,
    canActivate: [trialAccessGuard(PACKAGE_READER_ROLES, false)],
    title: 'Submission package · Prospect',
  },
];
