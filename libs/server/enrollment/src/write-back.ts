import type { FhirGateway } from '@prospect/fhir-server';
import { researchStudyFor, researchSubjectFor } from '@prospect/fhir-mapping';
import type { TrialsService } from '@prospect/trials';
import type { DataSource } from 'typeorm';
import { EnrollmentEntity, FhirWriteBackEntity } from './entities';

/** Identifier systems of what Prospect writes to the FHIR server. */
export const TRIAL_IDENTIFIER_SYSTEM = 'urn:prospect:trial-code';
export const SUBJECT_IDENTIFIER_SYSTEM = 'urn:prospect:subject-id';

/**
 * Writes the trial's ResearchStudy (once) and every pending ResearchSubject, each as a conditional
 * create on its identifier, so a retried or repeated job never makes a second copy. A failure is
 * recorded on the row and re-thrown, so the job is retried with backoff.
 */
export async function writeBackTrial(
  dataSource: DataSource,
  gateway: FhirGateway,
  trials: TrialsService,
  trialId: string,
): Promise<Record<string, number>> {
  const rows = dataSource.getRepository(FhirWriteBackEntity);
  const trial = await trials.get(trialId);
  const protocolVersion = trial.protocolInForce ?? 1;
  let study = await rows.findOneByOrFail({ trialId, resourceType: 'ResearchStudy' });
  if (study.status !== 'done' || !study.fhirReference) {
    const resource = researchStudyFor(
      { code: trial.code, title: trial.title, indication: trial.indication },
      protocolVersion,
      TRIAL_IDENTIFIER_SYSTEM,
    );
    study = await attempt(dataSource, study, async () => {
      const created = await gateway.create(resource, {
        ifNoneExist: `identifier=${TRIAL_IDENTIFIER_SYSTEM}|${trial.code}`,
      });
      return `ResearchStudy/${created.id ?? ''}`;
    });
  }
  const pending = await rows.find({ where: { trialId, resourceType: 'ResearchSubject' } });
  let written = 0;
  for (const row of pending.filter((candidate) => candidate.status !== 'done')) {
    const enrollment = await dataSource
      .getRepository(EnrollmentEntity)
      .findOneByOrFail({ id: row.enrollmentId as string });
    const resource = researchSubjectFor(
      study.fhirReference as string,
      enrollment.fhirPatientReference,
      enrollment.subjectId,
      SUBJECT_IDENTIFIER_SYSTEM,
      enrollment.enrolledAt.toISOString(),
    );
    await attempt(dataSource, row, async () => {
      const created = await gateway.create(resource, {
        ifNoneExist: `identifier=${SUBJECT_IDENTIFIER_SYSTEM}|${enrollment.subjectId}`,
      });
      return `ResearchSubject/${created.id ?? ''}`;
    });
    written++;
  }
  return { researchSubjectsWritten: written };
}

async function attempt(
  dataSource: DataSource,
  row: FhirWriteBackEntity,
  write: () => Promise<string>,
): Promise<FhirWriteBackEntity> {
  const repository = dataSource.getRepository(FhirWriteBackEntity);
  try {
    const reference = await write();
    await repository.update(row.id, {
      status: 'done',
      fhirReference: reference,
      attempts: row.attempts + 1,
      lastError: null,
      updatedAt: new Date(),
    });
  } catch (error) {
    await repository.update(row.id, {
      status: 'failed',
      attempts: row.attempts + 1,
      lastError: (error instanceof Error ? error.message : String(error)).slice(0, 2000),
      updatedAt: new Date(),
    });
    throw error;
  }
  return repository.findOneByOrFail({ id: row.id });
}
