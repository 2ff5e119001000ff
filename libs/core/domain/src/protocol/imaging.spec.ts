import { parseProtocolContent } from '../validation';
import { edit, protocolIssues, REMOVE, validProtocol } from '../testing/protocol-test-support';
import { IMAGING_MODALITIES, IMAGING_SELECTIONS } from './imaging';

type Case = [name: string, changes: Record<string, unknown>, path: string, message: RegExp];

const IMG = 'baselineImaging';
const ACQ = `${IMG}.acquisition`;

describe('baselineImaging', () => {
  it.each(IMAGING_MODALITIES)('accepts modality %s', (modality) => {
    expect(protocolIssues({ [`${IMG}.modality`]: modality })).toEqual([]);
  });

  it.each(IMAGING_SELECTIONS)('accepts selection %s', (selection) => {
    expect(protocolIssues({ [`${IMG}.selection`]: selection })).toEqual([]);
  });

  it.each<[string, Record<string, unknown>]>([
    ['a 1-day window', { [`${IMG}.windowDaysBeforeTreatment`]: 1 }],
    ['a 365-day window', { [`${IMG}.windowDaysBeforeTreatment`]: 365 }],
    ['a minimum gap one day short of the window', { [`${IMG}.minDaysBeforeTreatment`]: 27 }],
    ['an explicit zero minimum gap', { [`${IMG}.minDaysBeforeTreatment`]: 0 }],
    ['an empty acquisition object', { [ACQ]: {} }],
    ['a field strength with only min', { [`${ACQ}.magneticFieldStrengthTesla`]: { min: 1.5 } }],
    ['a field strength with only max', { [`${ACQ}.magneticFieldStrengthTesla`]: { max: 3 } }],
    ['a field strength with min equal to max', { [`${ACQ}.magneticFieldStrengthTesla`]: { min: 3, max: 3 } }],
    ['a slice thickness range', { [`${ACQ}.sliceThicknessMm`]: { min: 0.5, max: 5 } }],
    ['sequence name patterns', { [`${ACQ}.sequenceNamePatterns`]: ['^\\*ep_b\\d+', 'dwi|diff'] }],
    ['manufacturers', { [`${ACQ}.manufacturers`]: ['Siemens', 'GE'] }],
  ])('accepts %s', (_name, changes) => {
    expect(protocolIssues(changes)).toEqual([]);
  });

  it('defaults minDaysBeforeTreatment to 0', () => {
    const result = parseProtocolContent(edit(validProtocol(), { [`${IMG}.minDaysBeforeTreatment`]: REMOVE }));
    expect(result.ok && result.value.baselineImaging.minDaysBeforeTreatment).toBe(0);
  });

  it.each<Case>([
    [
      'a modality name instead of a DICOM code',
      { [`${IMG}.modality`]: 'MRI' },
      `${IMG}.modality`,
      /"MR", "CT", "PT", "US", "MG", "NM"; got the string "MRI"/,
    ],
    ['a lowercase modality', { [`${IMG}.modality`]: 'mr' }, `${IMG}.modality`, /one of "MR"/],
    [
      'a missing body site',
      { [`${IMG}.bodySite`]: REMOVE },
      `${IMG}.bodySite`,
      /^Required: expected a list$/,
    ],
    ['an empty body site list', { [`${IMG}.bodySite`]: [] }, `${IMG}.bodySite`, /at least 1 coding/],
    [
      'a zero-day window',
      { [`${IMG}.windowDaysBeforeTreatment`]: 0 },
      `${IMG}.windowDaysBeforeTreatment`,
      /at least 1 day/,
    ],
    [
      'a window over a year',
      { [`${IMG}.windowDaysBeforeTreatment`]: 366 },
      `${IMG}.windowDaysBeforeTreatment`,
      /at most 365 days/,
    ],
    [
      'a fractional window',
      { [`${IMG}.windowDaysBeforeTreatment`]: 14.5 },
      `${IMG}.windowDaysBeforeTreatment`,
      /whole number of days/,
    ],
    [
      'a missing window',
      { [`${IMG}.windowDaysBeforeTreatment`]: REMOVE },
      `${IMG}.windowDaysBeforeTreatment`,
      /^Required: expected a number$/,
    ],
    [
      'a negative minimum gap',
      { [`${IMG}.minDaysBeforeTreatment`]: -1 },
      `${IMG}.minDaysBeforeTreatment`,
      /0 or more days/,
    ],
    [
      'a minimum gap equal to the window',
      { [`${IMG}.minDaysBeforeTreatment`]: 28 },
      `${IMG}.minDaysBeforeTreatment`,
      /smaller than windowDaysBeforeTreatment \(28\); got 28/,
    ],
    [
      'a minimum gap beyond the window',
      { [`${IMG}.minDaysBeforeTreatment`]: 40 },
      `${IMG}.minDaysBeforeTreatment`,
      /smaller than windowDaysBeforeTreatment \(28\); got 40/,
    ],
    [
      'an unknown selection',
      { [`${IMG}.selection`]: 'nearest' },
      `${IMG}.selection`,
      /"latest-before-treatment", "earliest-in-window"/,
    ],
    [
      'an unknown imaging property',
      { [`${IMG}.contrast`]: true },
      `${IMG}.contrast`,
      /Unknown property "contrast"/,
    ],
    [
      'an unknown acquisition property',
      { [`${ACQ}.echoTimeMs`]: { max: 100 } },
      `${ACQ}.echoTimeMs`,
      /Unknown property "echoTimeMs"/,
    ],
    [
      'an empty field strength range',
      { [`${ACQ}.magneticFieldStrengthTesla`]: {} },
      `${ACQ}.magneticFieldStrengthTesla`,
      /at least one of "min" or "max"/,
    ],
    [
      'a field strength with min above max',
      { [`${ACQ}.magneticFieldStrengthTesla`]: { min: 3, max: 1.5 } },
      `${ACQ}.magneticFieldStrengthTesla.max`,
      /greater than or equal to min \(3\); got 1.5/,
    ],
    [
      'a zero field strength',
      { [`${ACQ}.magneticFieldStrengthTesla`]: { min: 0 } },
      `${ACQ}.magneticFieldStrengthTesla.min`,
      /positive number of tesla/,
    ],
    [
      'a negative field strength',
      { [`${ACQ}.magneticFieldStrengthTesla`]: { max: -3 } },
      `${ACQ}.magneticFieldStrengthTesla.max`,
      /positive number of tesla/,
    ],
    [
      'an empty slice thickness range',
      { [`${ACQ}.sliceThicknessMm`]: {} },
      `${ACQ}.sliceThicknessMm`,
      /at least one of "min" or "max"/,
    ],
    [
      'a slice thickness with min above max',
      { [`${ACQ}.sliceThicknessMm`]: { min: 5, max: 1 } },
      `${ACQ}.sliceThicknessMm.max`,
      /greater than or equal to min \(5\)/,
    ],
    [
      'a zero slice thickness',
      { [`${ACQ}.sliceThicknessMm`]: { max: 0 } },
      `${ACQ}.sliceThicknessMm.max`,
      /positive number of millimetres/,
    ],
    [
      'an empty pattern list',
      { [`${ACQ}.sequenceNamePatterns`]: [] },
      `${ACQ}.sequenceNamePatterns`,
      /at least one pattern/,
    ],
    [
      'an empty pattern',
      { [`${ACQ}.sequenceNamePatterns`]: ['dwi', ''] },
      `${ACQ}.sequenceNamePatterns[1]`,
      /would match every sequence/,
    ],
    [
      'an invalid regular expression',
      { [`${ACQ}.sequenceNamePatterns`]: ['ep_b(\\d+'] },
      `${ACQ}.sequenceNamePatterns[0]`,
      /valid regular expression/,
    ],
    [
      'a pattern over 200 characters',
      { [`${ACQ}.sequenceNamePatterns`]: ['a'.repeat(201)] },
      `${ACQ}.sequenceNamePatterns[0]`,
      /at most 200/,
    ],
    [
      'an empty manufacturer list',
      { [`${ACQ}.manufacturers`]: [] },
      `${ACQ}.manufacturers`,
      /at least one manufacturer/,
    ],
    [
      'a blank manufacturer',
      { [`${ACQ}.manufacturers`]: [' '] },
      `${ACQ}.manufacturers[0]`,
      /empty or only whitespace/,
    ],
    [
      'a negative max below min, once',
      { [`${ACQ}.magneticFieldStrengthTesla`]: { min: 3, max: -3 } },
      `${ACQ}.magneticFieldStrengthTesla.max`,
      /positive number of tesla/,
    ],
  ])('rejects %s', (_name, changes, path, message) => {
    expect(protocolIssues(changes)).toEqual([{ path, message: expect.stringMatching(message) }]);
  });

  it('rejects a misspelt range bound and says which bounds are expected', () => {
    expect(protocolIssues({ [`${ACQ}.magneticFieldStrengthTesla`]: { minimum: 1 } })).toEqual([
      {
        path: `${ACQ}.magneticFieldStrengthTesla.minimum`,
        message: expect.stringMatching(/Unknown property "minimum"/),
      },
      {
        path: `${ACQ}.magneticFieldStrengthTesla`,
        message: expect.stringMatching(/at least one of "min" or "max"/),
      },
    ]);
  });
});
