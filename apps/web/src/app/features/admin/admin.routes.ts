import { type Routes } from '@angular/router';
import { AdminAuditPage } from './admin-audit-page';
import { AdminShell } from './admin-shell';
import { ModelsPage } from './models-page';
import { TrialRegistrationPage } from './trial-registration-page';
import { UserDetailPage } from './user-detail-page';
import { UsersPage } from './users-page';

/** `/admin` (guarded by adminGuard): users and roles, the audit trail, models, trial registration. */
export const ADMIN_ROUTES: Routes = [
  {
    path: '',
    component: AdminShell,
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'users' },
      { path: 'users', component: UsersPage, title: 'Users and roles · Prospect' },
      { path: 'users/:userId', component: UserDetailPage, title: 'User · Prospect' },
      { path: 'audit', component: AdminAuditPage, title: 'Audit trail · Prospect' },
      { path: 'models', component: ModelsPage, title: 'Models · Prospect' },
      { path: 'trials/new', component: TrialRegistrationPage, title: 'Register a trial · Prospect' },
    ],
  },
];
