import { type Routes } from '@angular/router';
import { NotFoundPage } from './not-found/not-found-page';
import { StatusPage } from './status/status-page';

export const routes: Routes = [
  { path: '', pathMatch: 'full', component: StatusPage, title: 'Status · Prospect' },
  { path: '**', component: NotFoundPage, title: 'Page not found · Prospect' },
];
