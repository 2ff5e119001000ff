import { type Routes } from '@angular/router';

export const ENROLLMENT_ROUTES: Routes = [];
