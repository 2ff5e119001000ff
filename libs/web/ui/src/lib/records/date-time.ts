import { Pipe, type PipeTransform } from '@angular/core';

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'long' });

/** An ISO instant in the user's locale with seconds and time zone, e.g. "28 Nov 2026, 05:09:56 UTC". */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : dateTime.format(date);
}

/** `{{ at | dateTime }}`: {@link formatDateTime} in templates. */
@Pipe({ name: 'dateTime' })
export class DateTimePipe implements PipeTransform {
  transform(value: string | null | undefined): string {
    return formatDateTime(value);
  }
}
