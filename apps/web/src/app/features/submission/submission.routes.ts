import { type Routes } from '@angular/router';
import { trialRoleGuard } from '@prospect/web-data-access';
import { PACKAGE_READER_ROLES, SIGNATURE_READER_ROLES } from '@prospect/web-data-access/submission';
import { PackageDetailPage } from './package-detail-page';
import { SignaturesPage } from './signatures-page';
import { SubmissionPage } from './submission-page';

export const SUBMISSION_ROUTES: Routes = [
  {
    path: '',
    pathMatch: 'full',
    component: SubmissionPage,
    canActivate: [trialRoleGuard(PACKAGE_READER_ROLES)],
    title: 'Submission packages · Prospect',
  },
  {
    path: 'signatures',
    component: SignaturesPage,
    canActivate: [trialRoleGuard(SIGNATURE_READER_ROLES, { admin: true })],
    title: 'Electronic signatures · Prospect',
  },
  {
    path: 'packages/:packageNumber',
    component: PackageDetailPage,
    canActivate: [trialRoleGuard(PACKAGE_READER_ROLES)],
    title: 'Submission package · Prospect',
  },
];
