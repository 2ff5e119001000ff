import { protocolIssues, REMOVE } from '../testing/protocol-test-support';

type Case = [name: string, changes: Record<string, unknown>, path: string, message: RegExp];

const SHA = 'a'.repeat(32) + '0123456789abcdef'.repeat(2);
const MODEL = { registryId: 'registry/mm-mrd', name: 'mm-mrd-wbmri', version: '1.2.0', sha256: SHA };

describe('model', () => {
  it.each<[string, unknown]>([
    ['null while no model is attached', null],
    ['a full reference', MODEL],
    ['a reference without registry id', { ...MODEL, registryId: undefined }],
  ])('accepts %s', (_name, model) => {
    expect(protocolIssues({ model })).toEqual([]);
  });

  it.each<Case>([
    ['a missing model property', { model: REMOVE }, 'model', /^Required: expected an object$/],
    [
      'a model that is not an object',
      { model: 'mm-mrd' },
      'model',
      /^Expected a model reference object, or null while no model is attached$/,
    ],
    [
      'an uppercase digest',
      { model: { ...MODEL, sha256: SHA.toUpperCase() } },
      'model.sha256',
      /64 lowercase hexadecimal/,
    ],
    ['a 63-character digest', { model: { ...MODEL, sha256: SHA.slice(1) } }, 'model.sha256', /exactly 64/],
    [
      'a digest with a prefix',
      { model: { ...MODEL, sha256: `sha256:${SHA}` } },
      'model.sha256',
      /SHA-256 digest/,
    ],
    [
      'a missing name',
      { model: { ...MODEL, name: undefined } },
      'model.name',
      /^Required: expected a string$/,
    ],
    ['a blank version', { model: { ...MODEL, version: '' } }, 'model.version', /empty or only whitespace/],
    [
      'an empty registry id',
      { model: { ...MODEL, registryId: ' ' } },
      'model.registryId',
      /empty or only whitespace/,
    ],
    [
      'an unknown property',
      { model: { ...MODEL, url: 'https://example.org/model' } },
      'model.url',
      /Unknown property "url"/,
    ],
  ])('rejects %s', (_name, changes, path, message) => {
    expect(protocolIssues(changes)).toEqual([{ path, message: expect.stringMatching(message) }]);
  });
});
