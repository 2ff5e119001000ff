import { type Routes } from '@angular/router';

export const TRIAL_AUDIT_ROUTES: Routes = [];
