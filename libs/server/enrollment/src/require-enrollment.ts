import { notFound } from '@prospect/platform';
import type { DataSource } from 'typeorm';
import { EnrollmentEntity } from './entities';

/** The enrollment of `subjectId` in the trial, or a 404 naming both. */
export async function requireEnrollment(
  dataSource: DataSource,
  trial: { readonly trialId: string; readonly trialCode: string },
  subjectId: string,
): Promise<EnrollmentEntity> {
  const enrollment = await dataSource
    .getRepository(EnrollmentEntity)
    .findOneBy({ trialId: trial.trialId, subjectId });
  if (!enrollment) throw notFound('ENROLLMENT_NOT_FOUND', `No subject ${subjectId} in ${trial.trialCode}.`);
  return enrollment;
}
