import { type Routes } from '@angular/router';

export const LEDGER_ROUTES: Routes = [];
