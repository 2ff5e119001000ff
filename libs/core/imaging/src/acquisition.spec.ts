import { checkAcquisition, type AcquisitionHeader, type AcquisitionProtocol } from './acquisition';

const header: AcquisitionHeader = {
  modality: 'MR',
  magneticFieldStrengthTesla: 2.89362,
  sequenceName: '*tse2d1_15',
  sliceThicknessMm: 3,
  manufacturer: 'SIEMENS Healthineers',
};

const protocol = (
  acquisition?: AcquisitionProtocol['acquisition'],
  modality: AcquisitionProtocol['modality'] = 'MR',
) => (acquisition === undefined ? { modality } : { modality, acquisition });

describe('checkAcquisition', () => {
  it('finds no deviation when everything conforms', () => {
    expect(
      checkAcquisition(
        header,
        protocol({
          magneticFieldStrengthTesla: { min: 2.5, max: 3.5 },
          sequenceNamePatterns: ['^\\*?tse', 'space'],
          sliceThicknessMm: { max: 5 },
          manufacturers: ['siemens', 'GE'],
        }),
      ),
    ).toEqual([]);
  });

  it('checks only the modality when the protocol has no acquisition constraints', () => {
    expect(checkAcquisition({ modality: 'MR' }, protocol())).toEqual([]);
    expect(checkAcquisition({ ...header, modality: 'CT' }, protocol())).toEqual([
      {
        attribute: 'modality',
        dicomTag: '(0008,0060)',
        expected: 'MR',
        found: 'CT',
        message: "Modality (0008,0060) is 'CT'; the protocol requires MR.",
      },
    ]);
    expect(checkAcquisition({ modality: 'mr' }, protocol())).toEqual([]);
  });

  describe('magnetic field strength', () => {
    it.each([
      [{ min: 1.5, max: 3 }, 1.5, true],
      [{ min: 1.5, max: 3 }, 3, true],
      [{ min: 1.5, max: 3 }, 1.49, false],
      [{ min: 1.5, max: 3 }, 3.01, false],
      [{ min: 3 }, 2.89362, false],
      [{ max: 1.5 }, 1.5, true],
    ])('range %j with %p T conforms: %p', (range, found, conforms) => {
      const deviations = checkAcquisition(
        { ...header, magneticFieldStrengthTesla: found },
        protocol({ magneticFieldStrengthTesla: range }),
      );
      expect(deviations.length === 0).toBe(conforms);
    });

    it('says what was found and what is required', () => {
      const [deviation] = checkAcquisition(header, protocol({ magneticFieldStrengthTesla: { min: 3 } }));
      expect(deviation).toEqual({
        attribute: 'magneticFieldStrength',
        dicomTag: '(0018,0087)',
        expected: 'at least 3 T',
        found: 2.89362,
        message: 'Magnetic field strength (0018,0087) is 2.89362; the protocol requires at least 3 T.',
      });
      expect(
        checkAcquisition(header, protocol({ magneticFieldStrengthTesla: { min: 1, max: 2 } }))[0]?.expected,
      ).toBe('between 1 and 2 T');
      expect(
        checkAcquisition(header, protocol({ magneticFieldStrengthTesla: { max: 2 } }))[0]?.expected,
      ).toBe('at most 2 T');
    });
  });

  describe('sequence name', () => {
    it('passes when any pattern matches, case-insensitively', () => {
      expect(checkAcquisition(header, protocol({ sequenceNamePatterns: ['^ep_', 'TSE2D'] }))).toEqual([]);
    });

    it('fails when no pattern matches, listing them', () => {
      const [deviation] = checkAcquisition(header, protocol({ sequenceNamePatterns: ['^ep_b\\d+', 'dwi'] }));
      expect(deviation?.expected).toBe('a value matching one of /^ep_b\\d+/i, /dwi/i');
      expect(deviation?.message).toBe(
        "Sequence name (0018,0024) is '*tse2d1_15'; the protocol requires a value matching one of /^ep_b\\d+/i, /dwi/i.",
      );
    });

    it('throws for a pattern that is not a regular expression (the schema refuses those)', () => {
      expect(() => checkAcquisition(header, protocol({ sequenceNamePatterns: ['('] }))).toThrow(SyntaxError);
    });
  });

  describe('slice thickness', () => {
    it('passes inside the range and fails outside it', () => {
      expect(checkAcquisition(header, protocol({ sliceThicknessMm: { min: 3, max: 3 } }))).toEqual([]);
      const [deviation] = checkAcquisition(header, protocol({ sliceThicknessMm: { max: 2.5 } }));
      expect(deviation).toMatchObject({
        attribute: 'sliceThickness',
        dicomTag: '(0018,0050)',
        expected: 'at most 2.5 mm',
        found: 3,
      });
    });
  });

  describe('manufacturer', () => {
    it('passes when any entry is a case-insensitive substring', () => {
      expect(checkAcquisition(header, protocol({ manufacturers: ['Philips', 'siemens'] }))).toEqual([]);
    });

    it('fails otherwise', () => {
      const [deviation] = checkAcquisition(header, protocol({ manufacturers: ['Philips', 'GE Healthcare'] }));
      expect(deviation).toMatchObject({
        attribute: 'manufacturer',
        dicomTag: '(0008,0070)',
        expected: "a value containing one of 'Philips', 'GE Healthcare'",
        found: 'SIEMENS Healthineers',
      });
    });
  });

  it('counts a constrained attribute the series does not record as a deviation ("not recorded")', () => {
    const deviations = checkAcquisition(
      { modality: 'MR' },
      protocol({
        magneticFieldStrengthTesla: { min: 1.5 },
        sequenceNamePatterns: ['tse'],
        sliceThicknessMm: { max: 5 },
        manufacturers: ['Siemens'],
      }),
    );
    expect(deviations.map((d) => [d.attribute, d.found])).toEqual([
      ['magneticFieldStrength', null],
      ['sequenceName', null],
      ['sliceThickness', null],
      ['manufacturer', null],
    ]);
    expect(deviations[0]?.message).toBe(
      'Magnetic field strength (0018,0087) is not recorded in the series; the protocol requires at least 1.5 T.',
    );
    expect(deviations[3]?.message).toBe(
      "Manufacturer (0008,0070) is not recorded in the series; the protocol requires a value containing 'Siemens'.",
    );
  });

  it('reports every deviation, modality first', () => {
    const deviations = checkAcquisition(
      { modality: 'CT', sliceThicknessMm: 1 },
      protocol({ sliceThicknessMm: { min: 2 }, manufacturers: ['GE'] }),
    );
    expect(deviations.map((d) => d.attribute)).toEqual(['modality', 'sliceThickness', 'manufacturer']);
  });
});
