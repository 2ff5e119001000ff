import { formatSourceRef } from './patient-record';

describe('formatSourceRef', () => {
  it('renders a FHIR relative reference', () => {
    expect(formatSourceRef({ resourceType: 'ImagingStudy', id: 'img-7' })).toBe('ImagingStudy/img-7');
  });
});
