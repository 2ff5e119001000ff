import type { BaselineImaging } from '@prospect/domain';
import type { ImagingStudy } from '@medplum/fhirtypes';
import { selectBaselineImaging, studyInstanceUid, type ImagingCandidateReason } from './baseline-imaging';
import { CODES, DCM, dicomUid, fixtureTrial, imagingStudy, record, series } from './testing/factories';

const MYELOMA = fixtureTrial('myeloma').protocol.baselineImaging;
const BREAST = fixtureTrial('breast').protocol.baselineImaging;
const T = '2026-03-10T08:00:00Z';

function select(
  studies: ImagingStudy[],
  protocol: BaselineImaging = MYELOMA,
  treatmentStart: string | null = T,
) {
  return selectBaselineImaging(record({ imagingStudies: studies }), protocol, treatmentStart);
}

function reasonOf(
  study: ImagingStudy,
  protocol: BaselineImaging = MYELOMA,
  treatmentStart: string | null = T,
) {
  return select([study], protocol, treatmentStart).candidates[0]?.reason;
}

describe('selectBaselineImaging', () => {
  describe('an accepted study', () => {
    it('is selected with its images and timing', () => {
      const result = select([imagingStudy()]);
      expect(result.selected).toEqual({
        imagingStudyId: 'img1',
        started: '2026-03-01T10:00:00.000Z',
        startedPrecision: 'time',
        studyInstanceUid: '1.2.3.4',
        seriesInstanceUids: ['1.2.3.4.1'],
        endpoints: ['Endpoint/wado', 'Endpoint/series-wado'],
        modality: 'MR',
        bodySite: CODES.wholeBody,
        daysBeforeTreatment: 214 / 24,
      });
      expect(result.rule).toBe('latest-before-treatment');
      expect(result.issues).toEqual([]);
      expect(result.candidates).toEqual([
        {
          imagingStudyId: 'img1',
          duplicateIds: [],
          studyInstanceUid: '1.2.3.4',
          started: '2026-03-01T10:00:00.000Z',
          daysBeforeTreatment: 214 / 24,
          reason: 'accepted',
          detail: 'Taken 8.92 days before treatment start, within 0–28 days before treatment start.',
        },
      ]);
    });

    it('keeps only the series of the protocol modality and body site', () => {
      const result = select([
        imagingStudy({
          modality: [
            { system: DCM, code: 'MR' },
            { system: DCM, code: 'PT' },
          ],
          series: [
            series({ uid: 'wb-1', endpoint: [{ reference: 'Endpoint/a' }] }),
            series({ uid: 'brain', bodySite: CODES.brain, endpoint: [{ reference: 'Endpoint/b' }] }),
            series({
              uid: 'pet',
              modality: { system: DCM, code: 'PT' },
              endpoint: [{ reference: 'Endpoint/c' }],
            }),
            series({ uid: 'wb-2', endpoint: [{ reference: 'Endpoint/a' }, { display: 'no reference' }] }),
          ],
        }),
      ]);
      expect(result.selected?.seriesInstanceUids).toEqual(['wb-1', 'wb-2']);
      expect(result.selected?.endpoints).toEqual(['Endpoint/wado', 'Endpoint/a']);
    });

    it('accepts a study whose modality is only on its series', () => {
      expect(reasonOf(imagingStudy({ modality: undefined }))).toBe('accepted');
    });

    it('keeps a Study Instance UID that has no urn:oid: prefix', () => {
      const result = select([
        imagingStudy({ identifier: [{ system: 'urn:dicom:uid', value: '1.2.840.99' }] }),
      ]);
      expect(result.selected?.studyInstanceUid).toBe('1.2.840.99');
    });

    it('falls back to the earliest series start when the study has none', () => {
      const result = select([
        imagingStudy({
          started: undefined,
          series: [
            series({ started: '2026-03-02T09:30:00Z' }),
            series({ uid: '2', started: '2026-03-02T09:00:00Z' }),
          ],
        }),
      ]);
      expect(result.selected?.started).toBe('2026-03-02T09:00:00.000Z');
    });

    it('falls back to the series start when the study start is unreadable', () => {
      const result = select([
        imagingStudy({ started: 'March 2026', series: [series({ started: '2026-03-02' })] }),
      ]);
      expect(result.selected).toMatchObject({ started: '2026-03-02T00:00:00.000Z', startedPrecision: 'day' });
    });

    it('selects a breast MRI under the breast protocol', () => {
      const breastStudy = imagingStudy({ series: [series({ bodySite: CODES.breast })] });
      expect(select([breastStudy], BREAST).selected?.bodySite).toEqual(CODES.breast);
      expect(reasonOf(imagingStudy(), BREAST)).toBe('wrong-body-site');
    });
  });

  describe('window', () => {
    it.each<[string, string, ImagingCandidateReason]>([
      ['exactly the window (28 days) before', '2026-02-10T08:00:00Z', 'accepted'],
      ['1 ms more than the window before', '2026-02-10T07:59:59.999Z', 'outside-window'],
      ['exactly at treatment start (0 days)', '2026-03-10T08:00:00Z', 'accepted'],
      ['1 second after treatment start', '2026-03-10T08:00:01Z', 'after-treatment-start'],
      ['a zoned time exactly 28 days before', '2026-02-10T03:00:00-05:00', 'accepted'],
      ['a zoned time 1 minute too early', '2026-02-10T02:59:00-05:00', 'outside-window'],
      ['a date-only study 28 calendar days before', '2026-02-10', 'accepted'],
      ['a date-only study 29 calendar days before', '2026-02-09', 'outside-window'],
      ['a date-only study on the day of treatment', '2026-03-10', 'accepted'],
      ['a date-only study the day after', '2026-03-11', 'after-treatment-start'],
    ])('%s is %s', (_name, started, reason) => {
      expect(reasonOf(imagingStudy({ started }))).toBe(reason);
    });

    it('compares calendar days when treatment start is date-only', () => {
      expect(reasonOf(imagingStudy({ started: '2026-03-10T23:00:00Z' }), MYELOMA, '2026-03-10')).toBe(
        'accepted',
      );
      expect(reasonOf(imagingStudy({ started: '2026-02-10T00:00:01Z' }), MYELOMA, '2026-03-10')).toBe(
        'accepted',
      );
      expect(reasonOf(imagingStudy({ started: '2026-02-09T23:59:59Z' }), MYELOMA, '2026-03-10')).toBe(
        'outside-window',
      );
      expect(reasonOf(imagingStudy({ started: '2026-03-01T23:30:00-05:00' }), MYELOMA, '2026-03-02')).toBe(
        'accepted',
      );
      expect(
        select([imagingStudy({ started: '2026-03-01T23:30:00-05:00' })], MYELOMA, '2026-03-02').selected,
      ).toMatchObject({ daysBeforeTreatment: 0 });
    });

    describe('with a minimum distance', () => {
      const protocol: BaselineImaging = {
        ...MYELOMA,
        minDaysBeforeTreatment: 2,
        windowDaysBeforeTreatment: 10,
      };
      it.each<[string, string, ImagingCandidateReason]>([
        ['exactly the minimum (2 days)', '2026-03-08T08:00:00Z', 'accepted'],
        ['just under the minimum', '2026-03-08T08:00:01Z', 'outside-window'],
        ['exactly the window (10 days)', '2026-02-28T08:00:00Z', 'accepted'],
        ['just beyond the window', '2026-02-28T07:59:59Z', 'outside-window'],
        ['after treatment start', '2026-03-10T09:00:00Z', 'after-treatment-start'],
      ])('%s is %s', (_name, started, reason) => {
        expect(reasonOf(imagingStudy({ started }), protocol)).toBe(reason);
      });

      it('explains a study too close to treatment start', () => {
        expect(
          select([imagingStudy({ started: '2026-03-09T08:00:00Z' })], protocol).candidates[0]?.detail,
        ).toBe('Taken 1 days before treatment start; the window is 2–10 days before treatment start.');
      });
    });

    it('throws on an unreadable treatment start', () => {
      expect(() => select([imagingStudy()], MYELOMA, '2026-03')).toThrow(/Invalid treatmentStart/);
    });
  });

  describe('rejections', () => {
    it.each<[string, ImagingStudy, ImagingCandidateReason, string]>([
      [
        'an entered-in-error study',
        imagingStudy({ status: 'entered-in-error' }),
        'entered-in-error',
        'The study is marked entered-in-error.',
      ],
      [
        'a cancelled study',
        imagingStudy({ status: 'cancelled' }),
        'cancelled',
        'The study was cancelled, so it has no images.',
      ],
      [
        'a CT study',
        imagingStudy({
          modality: [{ system: DCM, code: 'CT' }],
          series: [series({ modality: { system: DCM, code: 'CT' } })],
        }),
        'wrong-modality',
        'Modality CT; the protocol requires MR.',
      ],
      [
        'an MR code outside the DICOM system',
        imagingStudy({
          modality: [{ code: 'MR' }],
          series: [series({ modality: { system: 'http://example.org', code: 'MR' } })],
        }),
        'wrong-modality',
        'Modality MR; the protocol requires MR.',
      ],
      [
        'no modality at all',
        imagingStudy({ modality: undefined, series: [series({ modality: { system: DCM } })] }),
        'wrong-modality',
        'No modality is recorded; the protocol requires MR.',
      ],
      [
        'a brain MR',
        imagingStudy({ series: [series({ bodySite: CODES.brain })] }),
        'wrong-body-site',
        'Body site Brain structure; the protocol requires Entire body as a whole.',
      ],
      [
        'a whole-body site only on the PET series',
        imagingStudy({
          series: [
            series({ bodySite: CODES.brain }),
            series({ uid: 'pet', modality: { system: DCM, code: 'PT' }, bodySite: CODES.wholeBody }),
          ],
        }),
        'wrong-body-site',
        'Body site Brain structure; the protocol requires Entire body as a whole.',
      ],
      [
        'series without a body site',
        imagingStudy({ series: [series({ bodySite: undefined })] }),
        'wrong-body-site',
        'No MR series records a body site; the protocol requires Entire body as a whole.',
      ],
      [
        'a study-level MR without series',
        imagingStudy({ series: undefined }),
        'wrong-body-site',
        'No MR series records a body site; the protocol requires Entire body as a whole.',
      ],
      [
        'a body site code in another system',
        imagingStudy({ series: [series({ bodySite: { system: 'http://example.org', code: '38266002' } })] }),
        'wrong-body-site',
        'Body site 38266002; the protocol requires Entire body as a whole.',
      ],
      [
        'no Study Instance UID',
        imagingStudy({ identifier: [{ system: 'urn:ietf:rfc:3986', value: 'urn:oid:1.2.3' }] }),
        'no-study-instance-uid',
        'No identifier with system urn:dicom:uid, so the images cannot be retrieved.',
      ],
      [
        'no start time',
        imagingStudy({ started: undefined }),
        'no-start-time',
        'Neither the study nor any series has a readable start time.',
      ],
    ])('rejects %s', (_name, study, reason, detail) => {
      const result = select([study]);
      expect(result.candidates[0]).toMatchObject({ reason, detail });
      expect(result.selected).toBeNull();
      expect(result.issues.map((issue) => issue.code)).toEqual(['imaging-none']);
    });

    it('ignores studies without an id', () => {
      expect(select([imagingStudy({ id: undefined })]).candidates).toEqual([]);
    });

    it('explains studies taken after treatment start', () => {
      expect(select([imagingStudy({ started: '2026-03-11T20:00:00Z' })]).candidates[0]?.detail).toBe(
        'Taken 1.5 days after treatment start.',
      );
    });
  });

  describe('selection rules', () => {
    const early = imagingStudy({ id: 'early', identifier: dicomUid('1.1'), started: '2026-02-15T10:00:00Z' });
    const late = imagingStudy({ id: 'late', identifier: dicomUid('1.2'), started: '2026-03-05T10:00:00Z' });
    const tooEarly = imagingStudy({
      id: 'too-early',
      identifier: dicomUid('1.3'),
      started: '2026-01-05T10:00:00Z',
    });
    const after = imagingStudy({ id: 'after', identifier: dicomUid('1.4'), started: '2026-03-12T10:00:00Z' });

    it('latest-before-treatment picks the study closest to treatment start', () => {
      expect(select([early, after, late, tooEarly]).selected?.imagingStudyId).toBe('late');
    });

    it('earliest-in-window picks the first study inside the window', () => {
      const protocol: BaselineImaging = { ...MYELOMA, selection: 'earliest-in-window' };
      const result = select([late, tooEarly, early, after], protocol);
      expect(result.selected?.imagingStudyId).toBe('early');
      expect(result.rule).toBe('earliest-in-window');
    });

    it('lists candidates by start time, then id, with undated studies last', () => {
      const undated = imagingStudy({ id: 'a-undated', identifier: dicomUid('9'), started: undefined });
      const twin = imagingStudy({ id: 'early-twin', identifier: dicomUid('1.9'), started: early.started });
      const result = select([after, undated, late, twin, early, tooEarly]);
      expect(result.candidates.map((candidate) => [candidate.imagingStudyId, candidate.reason])).toEqual([
        ['too-early', 'outside-window'],
        ['early', 'accepted'],
        ['early-twin', 'accepted'],
        ['late', 'accepted'],
        ['after', 'after-treatment-start'],
        ['a-undated', 'no-start-time'],
      ]);
    });

    it('breaks a tie by lowest id, whatever the input order, and flags it', () => {
      const b = imagingStudy({ id: 'b', identifier: dicomUid('2.1'), started: '2026-03-05T10:00:00Z' });
      const a = imagingStudy({ id: 'a', identifier: dicomUid('2.2'), started: '2026-03-05T11:00:00+01:00' });
      for (const studies of [
        [a, b],
        [b, a],
      ]) {
        const result = select(studies);
        expect(result.selected?.imagingStudyId).toBe('a');
        expect(result.issues).toEqual([
          {
            code: 'imaging-ambiguous',
            severity: 'warning',
            message:
              '2 MR studies are equally good under "latest-before-treatment" (ImagingStudy/a, ImagingStudy/b); ' +
              'ImagingStudy/a was selected by lowest id. Confirm the baseline study.',
            subject: 'ImagingStudy/a',
          },
        ]);
      }
    });

    it('treats same-day date-only studies as tied', () => {
      const a = imagingStudy({ id: 'a', identifier: dicomUid('3.1'), started: '2026-03-05' });
      const b = imagingStudy({ id: 'b', identifier: dicomUid('3.2'), started: '2026-03-05' });
      expect(select([b, a]).issues.map((issue) => issue.code)).toEqual(['imaging-ambiguous']);
    });
  });

  describe('duplicates', () => {
    it('counts studies with the same Study Instance UID once', () => {
      const copy = imagingStudy({ id: 'img0' });
      const result = select([imagingStudy(), copy]);
      expect(result.candidates).toHaveLength(1);
      expect(result.candidates[0]).toMatchObject({ imagingStudyId: 'img0', duplicateIds: ['img1'] });
      expect(result.selected?.imagingStudyId).toBe('img0');
      expect(result.issues).toEqual([]);
    });

    it('represents a duplicate by its usable copy, not an entered-in-error one', () => {
      const wrong = imagingStudy({ id: 'a-wrong', status: 'entered-in-error' });
      const result = select([wrong, imagingStudy({ id: 'z-right' })]);
      expect(result.candidates).toEqual([
        expect.objectContaining({ imagingStudyId: 'z-right', duplicateIds: ['a-wrong'], reason: 'accepted' }),
      ]);
    });

    it('prefers the copy inside the window', () => {
      const outside = imagingStudy({ id: 'a', started: '2026-01-01T10:00:00Z' });
      const inside = imagingStudy({ id: 'b' });
      expect(select([outside, inside]).selected).toMatchObject({ imagingStudyId: 'b' });
    });

    it('does not fold studies that lack a UID', () => {
      const noUid = { identifier: undefined };
      const result = select([imagingStudy({ id: 'x', ...noUid }), imagingStudy({ id: 'y', ...noUid })]);
      expect(result.candidates.map((candidate) => candidate.imagingStudyId)).toEqual(['x', 'y']);
    });
  });

  describe('issues', () => {
    it('reports no studies at all', () => {
      expect(select([]).issues).toEqual([
        {
          code: 'imaging-none',
          severity: 'blocking',
          message:
            'No suitable baseline MR study of Entire body as a whole was found (0 distinct imaging studies checked).',
        },
      ]);
    });

    it('reports the study nearest to the window when suitable studies all miss it', () => {
      const result = select([
        imagingStudy({ id: 'far', identifier: dicomUid('4.1'), started: '2025-12-01T08:00:00Z' }),
        imagingStudy({ id: 'near', identifier: dicomUid('4.2'), started: '2026-02-08T08:00:00Z' }),
        imagingStudy({
          id: 'ct',
          identifier: dicomUid('4.3'),
          series: [series({ modality: { system: DCM, code: 'CT' } })],
          modality: [],
        }),
      ]);
      expect(result.selected).toBeNull();
      expect(result.issues).toEqual([
        {
          code: 'imaging-outside-window',
          severity: 'blocking',
          message:
            'No MR study of Entire body as a whole lies 0–28 days before treatment start; 2 suitable studies miss ' +
            'the window, the nearest being ImagingStudy/near from 2026-02-08T08:00:00.000Z, 30 days before treatment start.',
          subject: 'ImagingStudy/near',
        },
      ]);
    });

    it('reports a study after treatment start as outside the window', () => {
      const result = select([imagingStudy({ started: '2026-03-11' })]);
      expect(result.issues).toEqual([
        expect.objectContaining({
          code: 'imaging-outside-window',
          message: expect.stringContaining(
            'ImagingStudy/img1 from 2026-03-11, 1 days after treatment start',
          ) as string,
        }),
      ]);
    });

    it('selects nothing without a treatment start but still checks suitability', () => {
      const result = select(
        [
          imagingStudy(),
          imagingStudy({
            id: 'ct',
            identifier: dicomUid('5'),
            modality: [],
            series: [series({ modality: { system: DCM, code: 'CT' } })],
          }),
        ],
        MYELOMA,
        null,
      );
      expect(result.selected).toBeNull();
      expect(result.candidates.map((candidate) => candidate.reason)).toEqual([
        'wrong-modality',
        'treatment-start-unknown',
      ]);
      expect(result.candidates[1]?.daysBeforeTreatment).toBeNull();
      expect(result.issues.map((issue) => [issue.code, issue.severity])).toEqual([
        ['treatment-start-unknown', 'blocking'],
      ]);
    });

    it('also reports no suitable study when treatment start is unknown', () => {
      const result = select([imagingStudy({ series: [series({ bodySite: CODES.brain })] })], MYELOMA, null);
      expect(result.issues.map((issue) => issue.code)).toEqual(['treatment-start-unknown', 'imaging-none']);
    });
  });
});

describe('studyInstanceUid', () => {
  it('reads the first urn:dicom:uid identifier without its urn:oid: prefix', () => {
    expect(
      studyInstanceUid(
        imagingStudy({
          identifier: [
            { system: 'http://hospital.example/accession', value: 'ACC-1' },
            { system: 'urn:dicom:uid', value: 'urn:oid:2.25.1' },
            { system: 'urn:dicom:uid', value: 'urn:oid:2.25.2' },
          ],
        }),
      ),
    ).toBe('2.25.1');
  });

  it('is null when absent or empty', () => {
    expect(studyInstanceUid(imagingStudy({ identifier: undefined }))).toBeNull();
    expect(studyInstanceUid(imagingStudy({ identifier: [{ system: 'urn:dicom:uid' }] }))).toBeNull();
    expect(
      studyInstanceUid(imagingStudy({ identifier: [{ system: 'urn:dicom:uid', value: 'urn:oid:' }] })),
    ).toBeNull();
  });
});
