import * as ai from './ai-trial-answers';
import type { Answer } from './answers';
import type { FilledChecklist } from './checklist-types';
import { CONSORT_AI_ITEMS, CONSORT_AI_REFERENCE } from './consort-ai-items';
import { fill } from './fill';
import type { ReportingFacts } from './reporting-facts';

const ANSWERS: Readonly<Record<string, (facts: ReportingFacts) => Answer>> = {
  '1a,b(i)': (facts) => ai.titleIdentifiesAi(facts, 'title and/or abstract of the trial report'),
  '1a,b(ii)': (facts) => ai.titleStatesIntendedUse(facts, 'title and/or abstract of the trial report'),
  '2a(i)': ai.intendedUse,
  '4a(i)': ai.participantEligibility,
  '4a(ii)': ai.inputEligibility,
  '4b': (facts) => ai.integration(facts, 'report'),
  '5(i)': ai.algorithmVersion,
  '5(ii)': ai.inputAcquisition,
  '5(iii)': (facts) => ai.poorQualityInput(facts, 'report'),
  '5(iv)': ai.humanInteraction,
  '5(v)': ai.output,
  '5(vi)': (facts) => ai.decisionContribution(facts, 'report'),
  '19': (facts) => ai.performanceErrors(facts, 'report'),
  '25': ai.access,
};

/**
 * The CONSORT-AI extension items ({@link CONSORT_AI_ITEMS}) filled in from what the platform
 * knows. Items whose facts are unknown are `sponsor-to-complete`, with what the platform does know.
 */
export function consortAiChecklist(facts: ReportingFacts): FilledChecklist {
  return {
    name: 'CONSORT-AI',
    reference: CONSORT_AI_REFERENCE,
    items: fill(CONSORT_AI_ITEMS, (item) => ANSWERS[item.id]?.(facts)),
  };
}
