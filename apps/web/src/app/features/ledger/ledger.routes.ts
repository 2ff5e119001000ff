import { type Routes } from '@angular/router';
import { LEDGER_READER_ROLES } from '@prospect/web-data-access/ledger';
import { LedgerPage } from './ledger-page';
import { trialAccessGuard } from './trial-access';

export const LEDGER_ROUTES: Routes = [
  {
    path: '',
    component: LedgerPage,
    canActivate: [trialAccessGuard(LEDGER_READER_ROLES, true)],
    title: 'Ledger · Prospect',
  },
];
