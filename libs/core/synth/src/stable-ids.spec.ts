import type { Bundle } from '@medplum/fhirtypes';
import { withStableIds } from './stable-ids';

describe('withStableIds', () => {
  const bundle: Bundle = {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      {
        fullUrl: 'urn:uuid:11111111-1111-4111-8111-111111111111',
        resource: { resourceType: 'Patient', identifier: [{ system: 's', value: 'v' }] },
        request: { method: 'POST', url: 'Patient', ifNoneExist: 'identifier=s|v' },
      },
      {
        fullUrl: 'urn:uuid:22222222-2222-4222-8222-222222222222',
        resource: {
          resourceType: 'Observation',
          status: 'final',
          code: { text: 'x' },
          subject: { reference: 'urn:uuid:11111111-1111-4111-8111-111111111111' },
        },
        request: { method: 'POST', url: 'Observation' },
      },
      { resource: { resourceType: 'Patient' }, request: { method: 'POST', url: 'Patient' } },
    ],
  };

  it('writes each resource by PUT at the id of its fullUrl and points references there', () => {
    const stable = withStableIds(bundle);
    expect(stable.entry?.[0]).toEqual({
      fullUrl: 'urn:uuid:11111111-1111-4111-8111-111111111111',
      resource: {
        resourceType: 'Patient',
        id: '11111111-1111-4111-8111-111111111111',
        identifier: [{ system: 's', value: 'v' }],
      },
      request: { method: 'PUT', url: 'Patient/11111111-1111-4111-8111-111111111111' },
    });
    expect(stable.entry?.[1]?.resource).toMatchObject({
      subject: { reference: 'Patient/11111111-1111-4111-8111-111111111111' },
    });
    expect(stable.entry?.[2]).toEqual(bundle.entry?.[2]);
  });

  it('leaves the input untouched and is idempotent', () => {
    const before = JSON.stringify(bundle);
    const once = withStableIds(bundle);
    expect(JSON.stringify(bundle)).toBe(before);
    expect(withStableIds(once)).toEqual(once);
  });
});
