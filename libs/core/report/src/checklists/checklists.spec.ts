import type { FilledChecklist } from './checklist-types';
import { consortAiChecklist } from './consort-ai-checklist';
import type { ReportingFacts } from './reporting-facts';
import { minimalFacts, mrdFacts } from './reporting-facts.fixture';
import { spiritAiChecklist } from './spirit-ai-checklist';
import { tripodAiChecklist } from './tripod-ai-checklist';
import { TRIPOD_AI_ITEMS } from './tripod-ai-items';

const CHECKLISTS: [string, (facts: ReportingFacts) => FilledChecklist, number][] = [
  ['CONSORT-AI', consortAiChecklist, 14],
  ['SPIRIT-AI', spiritAiChecklist, 15],
  ['TRIPOD+AI', tripodAiChecklist, 52],
];

function item(checklist: FilledChecklist, id: string) {
  const found = checklist.items.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no item ${id} in ${checklist.name}`);
  return found;
}

describe.each(CHECKLISTS)('%s', (name, build, count) => {
  it.each([
    ['complete facts', mrdFacts()],
    ['minimal facts', minimalFacts()],
  ])('answers every item with %s', (_, facts) => {
    const checklist = build(facts);
    expect(checklist.name).toBe(name);
    expect(checklist.reference).toMatch(/20(20|24)/);
    expect(checklist.items).toHaveLength(count);
    for (const entry of checklist.items) {
      expect(entry.answer.trim()).not.toBe('');
      expect(entry.answer).not.toMatch(/undefined|null|NaN|\[object/);
      expect(['reported', 'not-applicable', 'sponsor-to-complete']).toContain(entry.status);
      if (entry.status === 'sponsor-to-complete') {
        expect(entry.answer).toMatch(/^To be completed by the sponsor: /);
      }
    }
  });

  it('marks more items for the sponsor when optional facts are unknown', () => {
    const sponsor = (facts: ReportingFacts) =>
      build(facts).items.filter((entry) => entry.status === 'sponsor-to-complete').length;
    expect(sponsor(minimalFacts())).toBeGreaterThan(sponsor(mrdFacts()));
  });
});

describe('consortAiChecklist', () => {
  const full = consortAiChecklist(mrdFacts());
  const minimal = consortAiChecklist(minimalFacts());

  it('states the version and digest of the model', () => {
    expect(item(full, '5(i)').status).toBe('reported');
    expect(item(full, '5(i)').answer).toContain(`mm-mrd-radiomics version 2.1.0`);
    expect(item(full, '5(i)').answer).toContain('ab'.repeat(32));
    expect(item(full, '5(i)').location).toBe(
      'Package file: model/model-card.json; Package file: ledger/ledger.jsonl',
    );
  });

  it('states the output with the locked threshold', () => {
    expect(item(full, '5(v)').answer).toMatch(/probability of MRD negativity.*threshold 0\.42/);
  });

  it('states from the facts that predictions did not reach clinicians', () => {
    const answer = item(full, '5(vi)');
    expect(answer.status).toBe('reported');
    expect(answer.answer).toContain(
      'are not shown to treating clinicians and are not used for care decisions',
    );
    const used = consortAiChecklist({
      ...mrdFacts(),
      humanAi: { predictionsShownToTreatingClinicians: true, predictionsUsedForCareDecisions: true },
    });
    expect(item(used, '5(vi)').status).toBe('sponsor-to-complete');
    expect(item(used, '5(vi)').answer).toContain(
      'are shown to treating clinicians and are used for care decisions',
    );
  });

  it('gives the input window and the exclusions by reason', () => {
    expect(item(full, '4a(ii)').answer).toContain('dated 0 to 42 days before treatment start');
    expect(item(full, '5(iii)').answer).toContain(
      'no baseline image in window (5), outcome outside window (3)',
    );
    expect(item(full, '5(iii)').location).toBe('Report sections: flow');
  });

  it('leaves unknown facts to the sponsor instead of inventing them', () => {
    for (const id of ['1a,b(i)', '1a,b(ii)', '2a(i)', '4a(i)', '4b', '5(iii)', '5(iv)', '19', '25']) {
      expect([id, item(minimal, id).status]).toEqual([id, 'sponsor-to-complete']);
    }
    expect(item(minimal, '2a(i)').answer).toContain('no model card statement');
    expect(item(minimal, '25').answer).toContain('ab'.repeat(32));
  });

  it('reports the aggregate error analysis where the report has it', () => {
    expect(item(full, '19').answer).toMatch(/threshold 0\.42.*ISS stage, sex.*SMD >= 0\.25 or PSI >= 0\.25/);
    expect(item(full, '19').location).toBe('Report sections: roc, forest, input-shift');
  });
});

describe('spiritAiChecklist', () => {
  const full = spiritAiChecklist(mrdFacts());
  const minimal = spiritAiChecklist(minimalFacts());

  it('answers the protocol items from the protocol facts', () => {
    expect(item(full, '6a(ii)').answer).toContain('AUC 0.74');
    expect(item(full, '11a(i)').answer).toContain('ab'.repeat(32));
    expect(item(full, '11a(ii)').answer).toContain('bin width: 25');
    expect(item(full, '11a(ii)').answer).toContain('feature classes: firstorder, glcm, shape');
    expect(item(full, '22').answer).toMatch(/^Errors are to be examined/);
    expect(item(full, '11a(iii)').answer).not.toContain('(5)');
  });

  it('leaves unknown facts to the sponsor', () => {
    for (const id of ['1(i)', '1(ii)', '6a(i)', '6a(ii)', '9', '10(i)', '11a(iii)', '11a(iv)', '29']) {
      expect([id, item(minimal, id).status]).toEqual([id, 'sponsor-to-complete']);
    }
  });
});

describe('tripodAiChecklist', () => {
  const full = tripodAiChecklist(mrdFacts());
  const minimal = tripodAiChecklist(minimalFacts());

  it('marks the development-only items not applicable in this evaluation study', () => {
    const developmentOnly = TRIPOD_AI_ITEMS.filter((entry) => entry.applies === 'D').map((entry) => entry.id);
    for (const checklist of [full, minimal]) {
      expect(
        checklist.items.filter((entry) => entry.status === 'not-applicable').map((entry) => entry.id),
      ).toEqual(expect.arrayContaining(developmentOnly));
      for (const id of developmentOnly) {
        expect(item(checklist, id).answer).toMatch(/^Applies to model development only/);
      }
    }
  });

  it('answers the evaluation-only items', () => {
    expect(item(full, '12f').status).toBe('reported');
    expect(item(full, '12g').status).toBe('reported');
    expect(item(full, '20c').status).toBe('reported');
    expect(item(full, '24').status).toBe('not-applicable');
  });

  it('defines the outcome with its window and threshold', () => {
    expect(item(full, '8a').answer).toContain('below 1e-5');
    expect(item(full, '8a').answer).toContain('between day 150 and day 240 after treatment start');
  });

  it('explains the sample size from the group-sequential design', () => {
    const answer = item(full, '10').answer;
    expect(answer).toContain('Planned sample size 312');
    expect(answer).toContain('2 analyses at information fractions 0.5, 1');
    expect(answer).toContain('one-sided alpha 0.025');
    expect(answer).toContain("O'Brien-Fleming");
    expect(answer).toContain('non-binding futility boundaries from beta spending (beta 0.1)');
    expect(answer).toContain('H0: AUC <= 0.6 against H1: AUC = 0.72');
  });

  it('counts missing outcomes and the participant flow', () => {
    expect(item(full, '11').answer).toMatch(/^11 participants with a locked prediction had no outcome/);
    expect(item(full, '11').answer).toContain('excluded from the primary analysis');
    expect(item(full, '11').location).toBe('Report sections: flow');
    expect(item(full, '20a').answer).toContain(
      '320 enrolled, 315 with a locked prediction, 301 analysed per protocol',
    );
    expect(item(full, '20a').answer).toContain('124 with and 177 without');
    expect(item(full, '21').answer).toContain('124 outcome events');
  });

  it('gives the locked threshold, the subgroups and the registry', () => {
    expect(item(full, '15').answer).toContain('decision threshold 0.42');
    expect(item(full, '14').answer).toContain('ISS stage, sex');
    expect(item(full, '14').location).toBe('Report sections: forest');
    expect(item(full, '18d').answer).toBe('Registered with ClinicalTrials.gov under NCT01234567.');
    expect(item(full, '5b').answer).toContain('2025-01-15 to 2025-11-30');
    expect(item(full, '6a').answer).toContain('Heidelberg University Hospital [HD01]');
    expect(item(full, '12e').answer).toContain('CHEERS 2022');
  });

  it('leaves unknown facts to the sponsor instead of inventing them', () => {
    for (const id of [
      '1',
      '2',
      '3a',
      '3b',
      '3c',
      '5a',
      '5b',
      '6b',
      '6c',
      '7',
      '8b',
      '9c',
      '12d',
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
      '23a',
      '23b',
      '25',
      '26',
      '27c',
    ]) {
      expect([id, item(minimal, id).status]).toEqual([id, 'sponsor-to-complete']);
    }
    expect(item(minimal, '18d').answer).toBe(
      'To be completed by the sponsor: the registry name and registration number, or a statement that the study was not registered.',
    );
    expect(item(minimal, '20c').answer).toContain('no training distribution');
  });

  it('states unblinded assessment and late locks as facts, not as blinded or locked', () => {
    const facts = mrdFacts();
    const checklist = tripodAiChecklist({
      ...facts,
      blinding: { outcomeAssessorsBlindedToPredictions: false, roles: [] },
      locking: { ...facts.locking, lockedBeforeTreatmentStart: false },
    });
    expect(item(checklist, '8c').answer).toMatch(
      /^Outcome assessors are not blinded to the model predictions\./,
    );
    expect(item(checklist, '8c').answer).toContain(
      'Not every analysed prediction was locked before treatment start',
    );
    expect(item(checklist, '5a').answer).not.toMatch(/blind|locked before/);
    expect(item(checklist, '9b').answer).not.toContain('locked before treatment start');
  });

  it('does not apply cluster heterogeneity to a single site', () => {
    const single = tripodAiChecklist({ ...mrdFacts(), sites: [{ code: 'HD01', name: 'Heidelberg' }] });
    expect(item(single, '12d').status).toBe('not-applicable');
    expect(item(single, '23b').status).toBe('not-applicable');
  });
});
