import { CODINGS, protocolIssues, REMOVE } from '../testing/protocol-test-support';

type Case = [name: string, changes: Record<string, unknown>, path: string, message: RegExp];

const PROCEDURE = { system: 'http://snomed.info/sct', code: '367336001', display: 'Chemotherapy' };

describe('treatmentStart', () => {
  it.each<[string, Record<string, unknown>]>([
    ['medications only', { 'treatmentStart.procedureCodes': [] }],
    [
      'procedures only',
      { 'treatmentStart.medicationCodes': [], 'treatmentStart.procedureCodes': [PROCEDURE] },
    ],
    ['both medications and procedures', { 'treatmentStart.procedureCodes': [PROCEDURE] }],
  ])('accepts %s', (_name, changes) => {
    expect(protocolIssues(changes)).toEqual([]);
  });

  it.each<Case>([
    [
      'two empty lists',
      { 'treatmentStart.medicationCodes': [] },
      'treatmentStart',
      /at least one coding in medicationCodes or procedureCodes/,
    ],
    [
      'a missing procedure list',
      { 'treatmentStart.procedureCodes': REMOVE },
      'treatmentStart.procedureCodes',
      /^Required: expected a list$/,
    ],
    [
      'a missing medication list',
      { 'treatmentStart.medicationCodes': REMOVE },
      'treatmentStart.medicationCodes',
      /^Required: expected a list$/,
    ],
    [
      'a single coding instead of a list',
      { 'treatmentStart.procedureCodes': PROCEDURE },
      'treatmentStart.procedureCodes',
      /^Expected a list, got an object$/,
    ],
    [
      'a duplicate medication',
      { 'treatmentStart.medicationCodes': [CODINGS.ldh, CODINGS.ldh] },
      'treatmentStart.medicationCodes[1]',
      /Duplicate coding/,
    ],
    [
      'an invalid procedure coding',
      { 'treatmentStart.procedureCodes': [{ system: 'snomed', code: '1' }] },
      'treatmentStart.procedureCodes[0].system',
      /absolute URI/,
    ],
    [
      'an unknown property',
      { 'treatmentStart.firstDoseOnly': true },
      'treatmentStart.firstDoseOnly',
      /Unknown property "firstDoseOnly"/,
    ],
  ])('rejects %s', (_name, changes, path, message) => {
    expect(protocolIssues(changes)).toEqual([{ path, message: expect.stringMatching(message) }]);
  });
});
