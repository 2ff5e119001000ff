import type { SubmissionPackageStatus } from '@prospect/web-data-access/submission';

/** A package's status in words with a badge class (the word carries the meaning, not the colour). */
export const PACKAGE_STATUS: Readonly<Record<SubmissionPackageStatus, { text: string; badge: string }>> = {
  queued: { text: 'Queued', badge: 'badge--neutral' },
  running: { text: 'Building', badge: 'badge--neutral' },
  succeeded: { text: 'Built', badge: 'badge--good' },
  built: { text: 'Built', badge: 'badge--good' },
  failed: { text: 'Failed', badge: 'badge--bad' },
};

/** Elapsed time as `m:ss` (or `h:mm:ss`). */
export function formatElapsed(milliseconds: number): string {
  const total = Math.max(0, Math.floor(milliseconds / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}
