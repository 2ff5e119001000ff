import { type Routes } from '@angular/router';

export const SUBMISSION_ROUTES: Routes = [];
