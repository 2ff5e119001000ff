import * as ai from './ai-trial-answers';
import type { Answer } from './answers';
import type { FilledChecklist } from './checklist-types';
import { fill } from './fill';
import type { ReportingFacts } from './reporting-facts';
import { SPIRIT_AI_ITEMS, SPIRIT_AI_REFERENCE } from './spirit-ai-items';

const ANSWERS: Readonly<Record<string, (facts: ReportingFacts) => Answer>> = {
  '1(i)': (facts) => ai.titleIdentifiesAi(facts, 'protocol title'),
  '1(ii)': (facts) => ai.titleStatesIntendedUse(facts, 'protocol title'),
  '6a(i)': ai.intendedUse,
  '6a(ii)': ai.priorEvidence,
  '9': (facts) => ai.integration(facts, 'protocol'),
  '10(i)': ai.participantEligibility,
  '10(ii)': ai.inputEligibility,
  '11a(i)': ai.algorithmVersion,
  '11a(ii)': ai.inputAcquisition,
  '11a(iii)': (facts) => ai.poorQualityInput(facts, 'protocol'),
  '11a(iv)': ai.humanInteraction,
  '11a(v)': ai.output,
  '11a(vi)': (facts) => ai.decisionContribution(facts, 'protocol'),
  '22': (facts) => ai.performanceErrors(facts, 'protocol'),
  '29': ai.access,
};

/**
 * The SPIRIT-AI extension items ({@link SPIRIT_AI_ITEMS}) filled in from the protocol facts the
 * platform holds. Items whose facts are unknown are `sponsor-to-complete`.
 */
export function spiritAiChecklist(facts: ReportingFacts): FilledChecklist {
  return {
    name: 'SPIRIT-AI',
    reference: SPIRIT_AI_REFERENCE,
    items: fill(SPIRIT_AI_ITEMS, (item) => ANSWERS[item.id]?.(facts)),
  };
}
