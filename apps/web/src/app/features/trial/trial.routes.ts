import { type Routes } from '@angular/router';

export const TRIAL_ROUTES: Routes = [];
