import { type Routes } from '@angular/router';

export const ANALYSIS_ROUTES: Routes = [];
