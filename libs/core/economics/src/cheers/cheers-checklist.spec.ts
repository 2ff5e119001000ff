import { testPlan } from '../model/test-plan';
import { cheersChecklist, type CheersEntry, type CheersInput } from './cheers-checklist';
import { CHEERS_2022_ITEMS } from './cheers-items';

const TRIAL = { code: 'MM-RAD-01', title: 'Radiomics for MRD', indication: 'multiple-myeloma' };
const EVALUATION = {
  draws: 5000,
  seed: 'econ-1',
  accuracy: { sensitivity: 0.8, specificity: 0.9, prevalence: 0.4, n: 180 },
  protocolVersion: 3,
  snapshotSha256: 'a'.repeat(64),
};
const PLATFORM = [4, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 20, 22];
const USER = [1, 2, 3, 6, 18, 19, 21, 23, 24, 25, 26, 27, 28];

function input(changes: Partial<CheersInput> = {}): CheersInput {
  return { plan: testPlan(), trial: TRIAL, evaluation: EVALUATION, entries: {}, ...changes };
}

const reported = (text: string): CheersEntry => ({ status: 'reported', text });

describe('CHEERS_2022_ITEMS', () => {
  it('lists the 28 items in order with their sections', () => {
    expect(CHEERS_2022_ITEMS.map((item) => item.number)).toEqual(Array.from({ length: 28 }, (_, i) => i + 1));
    const sections = (name: string) =>
      CHEERS_2022_ITEMS.filter((item) => item.section === name).map((item) => item.number);
    expect(sections('Title')).toEqual([1]);
    expect(sections('Abstract')).toEqual([2]);
    expect(sections('Introduction')).toEqual([3]);
    expect(sections('Methods')).toEqual(Array.from({ length: 18 }, (_, i) => i + 4));
    expect(sections('Results')).toEqual([22, 23, 24, 25]);
    expect(sections('Discussion')).toEqual([26]);
    expect(sections('Other relevant information')).toEqual([27, 28]);
    expect(CHEERS_2022_ITEMS[14]?.topic).toBe('Currency, price date and conversion');
    expect(CHEERS_2022_ITEMS[20]?.topic).toBe(
      'Approach to engagement with patients and others affected by the study',
    );
  });
});

describe('cheersChecklist', () => {
  it('fills the items the platform can answer and leaves the rest missing', () => {
    const checklist = cheersChecklist(input());
    expect(checklist.items).toHaveLength(28);
    expect(checklist.items.filter((item) => item.source === 'platform').map((item) => item.number)).toEqual(
      PLATFORM,
    );
    const missing = checklist.items.filter((item) => item.status === 'missing');
    expect(missing.map((item) => item.number)).toEqual(USER);
    expect(missing.every((item) => item.source === null)).toBe(true);
    expect(missing[0]?.text).toBe(
      'Item 1 (Title) needs a user to state it as reported (where), not reported, or not applicable, with a reason.',
    );
    expect(checklist.complete).toBe(false);
    expect(checklist.ignoredEntries).toEqual([]);
  });

  it('generates text from the plan, the trial and the evaluation', () => {
    const text = (number: number) =>
      cheersChecklist(input()).items.find((item) => item.number === number)?.text ?? '';
    expect(text(4)).toMatch(/pre-specified in the trial protocol \(version 3, snapshot SHA-256 a{64}\)/);
    expect(text(5)).toMatch(/MM-RAD-01 \(Radiomics for MRD\), indication multiple-myeloma/);
    expect(text(5)).toMatch(
      /n = 180; observed prevalence of responders 40%, sensitivity 80%, specificity 90%/,
    );
    expect(text(7)).toMatch(/Standard of care .* versus model-guided care .*switch to intensified therapy/);
    expect(text(7)).toMatch(/and the alternative for every patient without testing/);
    expect(text(8)).toBe('The healthcare payer perspective.');
    expect(text(9)).toMatch(/^2 years\./);
    expect(text(10)).toMatch(/Costs are discounted at 3.5% and effects at 3.5% a year/);
    expect(text(11)).toMatch(/Quality-adjusted life-years/);
    expect(text(12)).toMatch(/responder-standard: u_resp × discounted y_survival/);
    expect(text(13)).toMatch(/Utility, responder on standard \(u_resp\) = 0.8, beta \(SD 0.05\)/);
    expect(text(14)).toMatch(
      /Intensified therapy \(c_alt\) = 3000 EUR, range 2000 to 4000, gamma \(SD 500\)/,
    );
    expect(text(14)).toMatch(/Testing costs per patient in model-guided care: MRI and AI read\./);
    expect(text(15)).toMatch(/^Costs are in EUR at 2024 prices/);
    expect(text(16)).toMatch(/decision tree/i);
    expect(text(17)).toMatch(/20000 EUR, 50000 EUR per QALY/);
    expect(text(20)).toMatch(/5000 Monte Carlo draws \(seed econ-1\)/);
    expect(text(20)).toMatch(/1000 patients a year over 5 years/);
    expect(text(22)).toMatch(/^8 parameters/);
    expect(text(22)).toMatch(/sensitivity 0.8, specificity 0.9, prevalence 0.4 \(n = 180\)/);
  });

  it('describes life-years without quality weighting', () => {
    const items = cheersChecklist(input({ plan: testPlan({ effectMeasure: 'life-years' }) })).items;
    expect(items[10]?.text).toMatch(/^Life-years gained/);
    expect(items[12]?.text).toMatch(/^Life-years are not weighted for quality/);
    expect(items[16]?.text).toMatch(/per life-year\.$/);
  });

  it('leaves uncertainty to the user without an evaluation or without draws', () => {
    for (const evaluation of [undefined, { ...EVALUATION, draws: 0 }]) {
      const items = cheersChecklist(input({ evaluation })).items;
      expect(items[19]).toMatchObject({ number: 20, status: 'missing', source: null });
    }
    const items = cheersChecklist(input({ evaluation: undefined })).items;
    expect(items[3]?.text).not.toMatch(/version/);
    expect(items[4]?.text).not.toMatch(/n = /);
    expect(items[21]?.text).not.toMatch(/Test accuracy/);
  });

  it('takes user entries for the other items and is complete when every item is answered', () => {
    const entries: Record<number, CheersEntry> = Object.fromEntries(
      USER.map((n) => [n, reported(`Section ${n}`)]),
    );
    entries[19] = { status: 'not-applicable', text: 'No distributional analysis was planned' };
    entries[21] = { status: 'not-reported', text: 'No patient engagement took place' };
    const checklist = cheersChecklist(input({ entries }));
    expect(checklist.complete).toBe(true);
    expect(checklist.items[0]).toEqual({
      number: 1,
      section: 'Title',
      topic: 'Title',
      status: 'reported',
      text: 'Section 1',
      source: 'user',
    });
    expect(checklist.items[18]).toMatchObject({ status: 'not-applicable', source: 'user' });
    expect(checklist.items[20]).toMatchObject({
      status: 'not-reported',
      text: 'No patient engagement took place',
    });
  });

  it('lets a user answer item 20 when the platform cannot', () => {
    const items = cheersChecklist(
      input({ evaluation: undefined, entries: { 20: reported('Appendix B') } }),
    ).items;
    expect(items[19]).toMatchObject({ status: 'reported', text: 'Appendix B', source: 'user' });
  });

  it('keeps the platform text for platform items and lists the ignored entries', () => {
    const checklist = cheersChecklist(
      input({ entries: { 8: reported('Societal'), 1: reported('Title page') } }),
    );
    expect(checklist.items[7]).toMatchObject({
      source: 'platform',
      text: 'The healthcare payer perspective.',
    });
    expect(checklist.ignoredEntries).toEqual([8]);
  });

  it('requires a reason for not-reported and not-applicable items', () => {
    expect(() =>
      cheersChecklist(input({ entries: { 18: { status: 'not-applicable', text: '  ' } } })),
    ).toThrow(
      new RangeError(
        'cheersChecklist: item 18 (Characterising heterogeneity) is marked not-applicable and needs a reason in its text',
      ),
    );
    expect(() => cheersChecklist(input({ entries: { 21: { status: 'not-reported', text: '' } } }))).toThrow(
      /item 21 .* is marked not-reported and needs a reason/,
    );
  });

  it('refuses unknown item numbers and statuses', () => {
    expect(() => cheersChecklist(input({ entries: { 29: reported('x') } }))).toThrow(
      /entry "29" is not a CHEERS 2022 item number \(1 to 28\)/,
    );
    expect(() => cheersChecklist(input({ entries: { 0: reported('x') } }))).toThrow(/entry "0"/);
    expect(() =>
      cheersChecklist(input({ entries: { 1: { status: 'done', text: 'x' } as unknown as CheersEntry } })),
    ).toThrow(/item 1 \(Title\) has status "done"; must be one of reported, not-reported, not-applicable/);
  });
});
