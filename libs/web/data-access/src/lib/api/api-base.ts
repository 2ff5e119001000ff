import { InjectionToken } from '@angular/core';

/** Base path of the API; the web app is served by the API on the same origin. */
export const API_BASE = new InjectionToken<string>('API_BASE', {
  providedIn: 'root',
  factory: () => '/api/v1',
});

/** `/trials/{code}` with the code escaped, for every trial-scoped call. */
export function trialPath(trialCode: string, ...segments: readonly (string | number)[]): string {
  return ['trials', trialCode, ...segments].map((segment) => encodeURIComponent(String(segment))).join('/');
}
