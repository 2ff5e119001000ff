import { type Routes } from '@angular/router';
import { adminGuard, authenticatedGuard, sessionGuard } from '@prospect/web-data-access';
import { LoginPage } from './auth/login-page';
import { PasswordPage } from './auth/password-page';
import { HomePage } from './home/home-page';
import { NotFoundPage } from './not-found/not-found-page';
import { ForbiddenPage } from './shell/forbidden-page';
import { TrialShell } from './shell/trial-shell';
import { StatusPage } from './status/status-page';

export const routes: Routes = [
  { path: 'login', component: LoginPage, title: 'Sign in · Prospect' },
  { path: 'status', component: StatusPage, title: 'Status · Prospect' },
  {
    path: 'password',
    component: PasswordPage,
    canActivate: [sessionGuard],
    title: 'Change password · Prospect',
  },
  {
    path: '',
    canActivate: [authenticatedGuard],
    children: [
      { path: '', pathMatch: 'full', component: HomePage, title: 'Your trials · Prospect' },
      { path: 'forbidden', component: ForbiddenPage, title: 'Not available · Prospect' },
      {
        path: 'admin',
        canActivate: [adminGuard],
        loadChildren: () => import('./features/admin/admin.routes').then((m) => m.ADMIN_ROUTES),
      },
      {
        path: 'trials/:trialCode',
        component: TrialShell,
        children: [
          { path: '', pathMatch: 'full', redirectTo: 'overview' },
          {
            path: 'overview',
            loadChildren: () => import('./features/trial/trial.routes').then((m) => m.TRIAL_ROUTES),
          },
          {
            path: 'enrollment',
            loadChildren: () =>
              import('./features/enrollment/enrollment.routes').then((m) => m.ENROLLMENT_ROUTES),
          },
          {
            path: 'outcomes',
            loadChildren: () => import('./features/outcomes/outcomes.routes').then((m) => m.OUTCOME_ROUTES),
          },
          {
            path: 'analyses',
            loadChildren: () => import('./features/analyses/analyses.routes').then((m) => m.ANALYSIS_ROUTES),
          },
          {
            path: 'economics',
            loadChildren: () =>
              import('./features/economics/economics.routes').then((m) => m.ECONOMICS_ROUTES),
          },
          {
            path: 'submission',
            loadChildren: () =>
              import('./features/submission/submission.routes').then((m) => m.SUBMISSION_ROUTES),
          },
          {
            path: 'ledger',
            loadChildren: () => import('./features/ledger/ledger.routes').then((m) => m.LEDGER_ROUTES),
          },
          {
            path: 'audit',
            loadChildren: () =>
              import('./features/admin/trial-audit.routes').then((m) => m.TRIAL_AUDIT_ROUTES),
          },
        ],
      },
    ],
  },
  { path: '**', component: NotFoundPage, title: 'Page not found · Prospect' },
];
