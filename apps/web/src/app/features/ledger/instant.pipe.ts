import { Pipe, type PipeTransform } from '@angular/core';

/** An ISO instant in the user's locale with seconds and time zone, e.g. "28 Nov 2026, 05:09:56 UTC". */
export function formatInstant(value: string | null | undefined): string {
  if (!value) return '—';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'long' });
}

@Pipe({ name: 'instant' })
export class InstantPipe implements PipeTransform {
  transform(value: string | null | undefined): string {
    return formatInstant(value);
  }
}
