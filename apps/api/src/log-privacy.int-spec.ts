import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { seedTrial, type SeededTrial } from './testing/seeded-trial';
import { bearer, startTestApp, type TestApp } from '@prospect/api-testing';

/**
 * A full synthetic run (enrollment from the FHIR sandbox, images, predictions, locks, outcome
 * sync, entry and adjudication, an interim look, candidate searches by name, birth date and MRN,
 * refused requests) with the log at debug level written to a file; then the whole log is searched
 * for every name, birth date, MRN and FHIR Patient id of the synthetic patients.
 */
describe('no personal data in the logs of a full run', () => {
  let testApp: TestApp;
  let seeded: SeededTrial;
  const folder = mkdtempSync(join(tmpdir(), 'prospect-log-scan-'));
  const logFile = join(folder, 'api.log');

  beforeAll(async () => {
    testApp = await startTestApp({ LOG_LEVEL: 'debug', LOG_FILE: logFile });
    seeded = await seedTrial(testApp, 'logscan');
  }, 600_000);

  afterAll(async () => {
    await testApp?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('logs requests, jobs and errors without a name, birth date, MRN or Patient id', async () => {
    const base = `/api/v1/trials/${seeded.trialCode}`;
    const coordinator = bearer(seeded.tokens.coordinator);
    // Searches and reads that carry personal data in the query string or the response.
    const family = seeded.personalData.find((value) => /^[A-Z][a-z]+$/.test(value)) ?? 'Nobody';
    const birthDate = seeded.personalData.find((value) => /^\d{4}-\d{2}-\d{2}$/.test(value)) ?? '1950-01-01';
    for (const query of [
      { name: family },
      { birthDate },
      { identifier: seeded.personalData.at(-1) as string },
      { name: `${family}'; DROP TABLE enrollment;--` },
    ]) {
      const response = await request(testApp.http).get(`${base}/candidates`).query(query).set(coordinator);
      expect(response.status).toBeLessThan(500);
    }
    for (const subjectId of seeded.subjects) {
      await request(testApp.http).get(`${base}/enrollments/${subjectId}`).set(coordinator).expect(200);
      await request(testApp.http).get(`${base}/enrollments/${subjectId}/baseline-history`).set(coordinator);
    }
    // Refusals, whose messages are logged: a patient not in FHIR, an unknown subject, a bad body.
    const patientId = seeded.personalData[0] as string;
    await request(testApp.http)
      .post(`${base}/enrollments`)
      .set(coordinator)
      .send({ patientReference: `Patient/${patientId}`, siteCode: 'HD01' })
      .expect((response) => expect(response.status).toBeGreaterThanOrEqual(400));
    await request(testApp.http)
      .post(`${base}/enrollments`)
      .set(coordinator)
      .send({ patientReference: `Patient/${family}-${birthDate}`, siteCode: 'HD01' })
      .expect((response) => expect(response.status).toBeGreaterThanOrEqual(400));
    await request(testApp.http)
      .post(`${base}/enrollments`)
      .set(coordinator)
      .send({ patientReference: family, siteCode: birthDate })
      .expect(400);
    // A baseline re-sync reads every patient from FHIR again.
    const sync = await request(testApp.http).post(`${base}/syncs`).set(coordinator).send({});
    expect(sync.status).toBeLessThan(500);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await testApp.close();

    const log = readFileSync(logFile, 'utf8');
    const lines = log.split('\n').filter((line) => line.trim() !== '');
    // The log is real: JSON lines, debug level on, requests and job activity recorded.
    expect(lines.length).toBeGreaterThan(100);
    expect(lines.every((line) => line.startsWith('{'))).toBe(true);
    expect(log).toContain('"path":"/api/v1/trials/MM-RAD-01/candidates');
    expect(log).toMatch(/"level":(20|30)/);
    expect(seeded.personalData.length).toBeGreaterThanOrEqual(4 * 4);

    const found = seeded.personalData.filter((value) =>
      /^[\p{L}' -]+$/u.test(value)
        ? new RegExp(`(^|[^\\p{L}])${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}])`, 'u').test(
            log,
          )
        : log.includes(value),
    );
    expect(found).toEqual([]);
  }, 300_000);
});
