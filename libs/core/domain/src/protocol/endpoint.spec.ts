import { CODINGS, protocolIssues, REMOVE } from '../testing/protocol-test-support';
import { PCR_DEFINITIONS } from './endpoint';

type Case = [name: string, changes: Record<string, unknown>, path: string, message: RegExp];

const EP = 'primaryEndpoint';
const WINDOW = { start: 120, end: 300 };
const PCR = {
  type: 'pcr',
  definition: 'ypT0/is ypN0',
  pathologyCodes: [{ system: 'http://loinc.org', code: '21899-0' }],
  assessmentWindowDays: WINDOW,
  positiveClass: 'pcr',
};
const OTHER = {
  type: 'other',
  description: 'Objective response by RECIST 1.1 at week 12',
  codes: [CODINGS.ldh],
  assessmentWindowDays: WINDOW,
  positiveClass: 'responder',
};

describe('primaryEndpoint', () => {
  it.each<[string, Record<string, unknown>]>([
    ['an MRD threshold of 0.01', { [`${EP}.negativityThreshold`]: 0.01 }],
    ['an MRD threshold of 1e-6', { [`${EP}.negativityThreshold`]: 1e-6 }],
    ['a window starting at day 0', { [`${EP}.assessmentWindowDays`]: { start: 0, end: 1 } }],
    ['a window ending at day 3650', { [`${EP}.assessmentWindowDays`]: { start: 0, end: 3650 } }],
    ['an "other" endpoint', { [EP]: OTHER }],
  ])('accepts %s', (_name, changes) => {
    expect(protocolIssues(changes)).toEqual([]);
  });

  it.each(PCR_DEFINITIONS)('accepts the pCR definition %s', (definition) => {
    expect(protocolIssues({ [EP]: { ...PCR, definition } })).toEqual([]);
  });

  it.each<Case>([
    [
      'an unknown endpoint type',
      { [`${EP}.type`]: 'os' },
      `${EP}.type`,
      /^Must be one of "mrd", "pcr", "other"; got the string "os"$/,
    ],
    ['a missing endpoint', { [EP]: REMOVE }, EP, /^Required: expected an object$/],
    [
      'an MRD threshold of 0',
      { [`${EP}.negativityThreshold`]: 0 },
      `${EP}.negativityThreshold`,
      /greater than 0/,
    ],
    [
      'a negative MRD threshold',
      { [`${EP}.negativityThreshold`]: -1e-5 },
      `${EP}.negativityThreshold`,
      /greater than 0/,
    ],
    [
      'an MRD threshold above 0.01',
      { [`${EP}.negativityThreshold`]: 0.02 },
      `${EP}.negativityThreshold`,
      /at most 0.01/,
    ],
    [
      'an MRD threshold as a string',
      { [`${EP}.negativityThreshold`]: '1e-5' },
      `${EP}.negativityThreshold`,
      /Expected a number/,
    ],
    [
      'an MRD positive class other than mrd-negative',
      { [`${EP}.positiveClass`]: 'mrd-positive' },
      `${EP}.positiveClass`,
      /^Must be "mrd-negative"; got the string "mrd-positive"$/,
    ],
    ['MRD without assay codes', { [`${EP}.assayCodes`]: [] }, `${EP}.assayCodes`, /at least 1 coding/],
    [
      'a pCR property on an MRD endpoint',
      { [`${EP}.definition`]: 'ypT0 ypN0' },
      `${EP}.definition`,
      /Unknown property "definition"/,
    ],
    [
      'a window ending at its start',
      { [`${EP}.assessmentWindowDays.end`]: 90 },
      `${EP}.assessmentWindowDays.end`,
      /greater than start \(90\); got 90/,
    ],
    [
      'a window ending before its start',
      { [`${EP}.assessmentWindowDays.end`]: 30 },
      `${EP}.assessmentWindowDays.end`,
      /greater than start \(90\); got 30/,
    ],
    [
      'a window starting before treatment',
      { [`${EP}.assessmentWindowDays.start`]: -1 },
      `${EP}.assessmentWindowDays.start`,
      /0 or more days/,
    ],
    [
      'a fractional window start',
      { [`${EP}.assessmentWindowDays.start`]: 1.5 },
      `${EP}.assessmentWindowDays.start`,
      /whole number of days/,
    ],
    [
      'a window ending after 10 years',
      { [`${EP}.assessmentWindowDays.end`]: 3651 },
      `${EP}.assessmentWindowDays.end`,
      /at most 3650/,
    ],
    [
      'a window without end',
      { [`${EP}.assessmentWindowDays.end`]: REMOVE },
      `${EP}.assessmentWindowDays.end`,
      /^Required: expected a number$/,
    ],
    [
      'an unknown window property',
      { [`${EP}.assessmentWindowDays.unit`]: 'weeks' },
      `${EP}.assessmentWindowDays.unit`,
      /Unknown property "unit"/,
    ],
    [
      'an unknown pCR definition',
      { [EP]: { ...PCR, definition: 'ypT0' } },
      `${EP}.definition`,
      /"ypT0\/is ypN0", "ypT0 ypN0"/,
    ],
    [
      'a pCR positive class other than pcr',
      { [EP]: { ...PCR, positiveClass: 'complete-response' } },
      `${EP}.positiveClass`,
      /^Must be "pcr"/,
    ],
    [
      'pCR without pathology codes',
      { [EP]: { ...PCR, pathologyCodes: [] } },
      `${EP}.pathologyCodes`,
      /at least 1 coding/,
    ],
    [
      'pCR without a window',
      { [EP]: { ...PCR, assessmentWindowDays: undefined } },
      `${EP}.assessmentWindowDays`,
      /^Required: expected an object$/,
    ],
    [
      'an "other" endpoint without description',
      { [EP]: { ...OTHER, description: ' ' } },
      `${EP}.description`,
      /empty or only whitespace/,
    ],
    [
      'an "other" endpoint with an empty positive class',
      { [EP]: { ...OTHER, positiveClass: '' } },
      `${EP}.positiveClass`,
      /empty or only whitespace/,
    ],
    [
      'an "other" endpoint without codes',
      { [EP]: { ...OTHER, codes: undefined } },
      `${EP}.codes`,
      /^Required: expected a list$/,
    ],
    [
      'a negative start above the end, once',
      { [`${EP}.assessmentWindowDays`]: { start: -1, end: -5 } },
      `${EP}.assessmentWindowDays.start`,
      /0 or more days/,
    ],
  ])('rejects %s', (_name, changes, path, message) => {
    expect(protocolIssues(changes)).toEqual([{ path, message: expect.stringMatching(message) }]);
  });
});
