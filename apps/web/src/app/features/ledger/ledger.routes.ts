import { type Routes } from '@angular/router';
import { trialRoleGuard } from '@prospect/web-data-access';
import { LEDGER_READER_ROLES } from '@prospect/web-data-access/ledger';
import { LedgerPage } from './ledger-page';

export const LEDGER_ROUTES: Routes = [
  {
    path: '',
    component: LedgerPage,
    canActivate: [trialRoleGuard(LEDGER_READER_ROLES, { admin: true })],
    title: 'Ledger · Prospect',
  },
];
