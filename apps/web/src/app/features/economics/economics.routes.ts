import { type Routes } from '@angular/router';

export const ECONOMICS_ROUTES: Routes = [];
