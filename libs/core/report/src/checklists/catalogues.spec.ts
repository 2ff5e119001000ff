import { CONSORT_AI_ITEMS } from './consort-ai-items';
import { SPIRIT_AI_ITEMS } from './spirit-ai-items';
import { TRIPOD_AI_ITEMS } from './tripod-ai-items';

const ids = (items: readonly { id: string }[]) => items.map((item) => item.id);

describe('CONSORT_AI_ITEMS', () => {
  it('lists the 14 CONSORT-AI extension items in the published order', () => {
    // Liu et al., Nat Med 2020;26:1364-74: "14 new items" (extension and elaboration items).
    expect(ids(CONSORT_AI_ITEMS)).toEqual([
      '1a,b(i)',
      '1a,b(ii)',
      '2a(i)',
      '4a(i)',
      '4a(ii)',
      '4b',
      '5(i)',
      '5(ii)',
      '5(iii)',
      '5(iv)',
      '5(v)',
      '5(vi)',
      '19',
      '25',
    ]);
    expect(new Set(ids(CONSORT_AI_ITEMS)).size).toBe(14);
  });

  it('marks the elaborations of existing CONSORT items', () => {
    expect(CONSORT_AI_ITEMS.filter((item) => item.kind === 'elaboration').map((item) => item.id)).toEqual([
      '1a,b(i)',
      '1a,b(ii)',
      '4a(i)',
    ]);
  });
});

describe('SPIRIT_AI_ITEMS', () => {
  it('lists the 15 SPIRIT-AI extension items in the published order', () => {
    // Cruz Rivera et al., Nat Med 2020;26:1351-63: "15 new items".
    expect(ids(SPIRIT_AI_ITEMS)).toEqual([
      '1(i)',
      '1(ii)',
      '6a(i)',
      '6a(ii)',
      '9',
      '10(i)',
      '10(ii)',
      '11a(i)',
      '11a(ii)',
      '11a(iii)',
      '11a(iv)',
      '11a(v)',
      '11a(vi)',
      '22',
      '29',
    ]);
    expect(new Set(ids(SPIRIT_AI_ITEMS)).size).toBe(15);
    expect(SPIRIT_AI_ITEMS.filter((item) => item.kind === 'elaboration').map((item) => item.id)).toEqual([
      '1(i)',
      '1(ii)',
      '10(i)',
    ]);
  });
});

describe('TRIPOD_AI_ITEMS', () => {
  it('lists the 27 TRIPOD+AI items as 52 entries with their sub-items, in order', () => {
    // Collins et al., BMJ 2024;385:e078378, Table 2: 27 main items; split into the published
    // sub-items (3a-c, 5a-b, 6a-c, 8a-c, 9a-c, 12a-g, 18a-f, 20a-c, 23a-b, 27a-c) they make 52.
    const expected = [
      '1',
      '2',
      '3a',
      '3b',
      '3c',
      '4',
      '5a',
      '5b',
      '6a',
      '6b',
      '6c',
      '7',
      '8a',
      '8b',
      '8c',
      '9a',
      '9b',
      '9c',
      '10',
      '11',
      '12a',
      '12b',
      '12c',
      '12d',
      '12e',
      '12f',
      '12g',
      '13',
      '14',
      '15',
      '16',
      '17',
      '18a',
      '18b',
      '18c',
      '18d',
      '18e',
      '18f',
      '19',
      '20a',
      '20b',
      '20c',
      '21',
      '22',
      '23a',
      '23b',
      '24',
      '25',
      '26',
      '27a',
      '27b',
      '27c',
    ];
    expect(ids(TRIPOD_AI_ITEMS)).toEqual(expected);
    expect(new Set(ids(TRIPOD_AI_ITEMS)).size).toBe(52);
    expect(new Set(TRIPOD_AI_ITEMS.map((item) => Number.parseInt(item.id, 10))).size).toBe(27);
  });

  it('groups the items into the published sections', () => {
    const section = (name: string) => ids(TRIPOD_AI_ITEMS.filter((item) => item.section === name));
    expect(section('Title')).toEqual(['1']);
    expect(section('Abstract')).toEqual(['2']);
    expect(section('Introduction')).toEqual(['3a', '3b', '3c', '4']);
    expect(section('Methods')).toHaveLength(26); // 5a to 17
    expect(section('Open science')).toEqual(['18a', '18b', '18c', '18d', '18e', '18f']);
    expect(section('Patient and public involvement')).toEqual(['19']);
    expect(section('Results')).toEqual(['20a', '20b', '20c', '21', '22', '23a', '23b', '24']);
    expect(section('Discussion')).toEqual(['25', '26', '27a', '27b', '27c']);
    const topics = new Set(
      TRIPOD_AI_ITEMS.filter((item) => item.section === 'Methods').map((item) => item.topic),
    );
    expect([...topics]).toEqual([
      'Data',
      'Participants',
      'Data preparation',
      'Outcome',
      'Predictors',
      'Sample size',
      'Missing data',
      'Analytical methods',
      'Class imbalance',
      'Fairness',
      'Model output',
      'Training versus evaluation',
      'Ethical approval',
    ]);
  });

  it('marks development-only and evaluation-only items as TRIPOD+AI does', () => {
    const applying = (marking: string) => ids(TRIPOD_AI_ITEMS.filter((item) => item.applies === marking));
    expect(applying('D')).toEqual(['9a', '12a', '12b', '12c', '15', '22', '27a', '27b']);
    expect(applying('E')).toEqual(['12f', '12g', '20c', '24']);
  });

  it('gives every item a requirement', () => {
    for (const item of [...TRIPOD_AI_ITEMS, ...CONSORT_AI_ITEMS, ...SPIRIT_AI_ITEMS]) {
      expect(item.requirement.trim().length).toBeGreaterThan(20);
      expect(item.topic.trim()).not.toBe('');
    }
  });
});
