import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sandboxFirstTreatmentStart } from './fhir-connection';

describe('sandboxFirstTreatmentStart', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'prospect-anchor-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts at 08:00 UTC the next day, and keeps that date for later starts of the same data folder', () => {
    const first = sandboxFirstTreatmentStart(dataDir, new Date('2026-11-27T22:30:00Z'));
    expect(first).toBe('2026-11-28T08:00:00.000Z');
    expect(readFileSync(join(dataDir, 'fhir-sandbox-anchor'), 'utf8').trim()).toBe(first);
    expect(sandboxFirstTreatmentStart(dataDir, new Date('2027-02-01T10:00:00Z'))).toBe(first);
  });

  it('replaces an unreadable anchor', () => {
    writeFileSync(join(dataDir, 'fhir-sandbox-anchor'), 'not a date');
    expect(sandboxFirstTreatmentStart(dataDir, new Date('2026-12-31T23:59:59Z'))).toBe(
      '2027-01-01T08:00:00.000Z',
    );
  });
});
