import { type Routes } from '@angular/router';

export const OUTCOME_ROUTES: Routes = [];
