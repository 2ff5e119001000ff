import type { ConsortFlow } from '@prospect/analysis';
import type { ProtocolContent } from '@prospect/domain';
import { EXCLUSION_REASONS, type ReportingFacts, type ReportSectionId } from '@prospect/report';

/** What the model card says, as far as the report uses it (the registry stores the card as JSON). */
interface CardFacts {
  readonly intendedUse?: string;
  readonly trainingPopulation?: string;
  readonly inputs?: readonly {
    readonly name: string;
    readonly unit?: string;
    readonly source?: {
      readonly kind?: string;
      readonly ibsi?: string;
      readonly family?: string;
      readonly code?: string;
    };
    readonly trainingDistribution?: unknown;
  }[];
  readonly output?: { readonly meaning?: string };
  readonly radiomics?: {
    readonly discretisation?: {
      readonly method?: string;
      readonly binWidth?: number;
      readonly binCount?: number;
    };
    readonly resampling?: { readonly spacingMm?: readonly number[] };
  };
}

export interface ReportFactsInput {
  readonly trial: {
    readonly code: string;
    readonly title: string;
    readonly indication: string;
    readonly sites: readonly { readonly code: string; readonly name: string }[];
  };
  readonly protocol: ProtocolContent;
  readonly protocolVersion: number;
  readonly card: Record<string, unknown> | null;
  readonly flow: ConsortFlow;
  readonly enrolledBetween: { readonly first: string | null; readonly last: string | null };
  readonly reportSections: readonly ReportSectionId[];
  readonly economicsPresent: boolean;
  readonly witnesses: number;
  /** `full` writes the prediction itself back to the hospital's FHIR server (a RiskAssessment). */
  readonly lockWriteBack: 'full' | 'commitment-only';
  readonly datasets: readonly string[];
}

/**
 * The facts the reporting checklists answer from: what the protocol, the model card, the flow and
 * the platform's own configuration establish. Nothing is assumed: what only the sponsor can say
 * (registration, ethics, funding) is left for the sponsor.
 */
export function reportingFacts(input: ReportFactsInput): ReportingFacts {
  const { protocol, flow } = input;
  const card = (input.card ?? {}) as CardFacts;
  const endpoint = protocol.primaryEndpoint;
  const window = endpoint.assessmentWindowDays;
  const plan = protocol.interimPlan;
  const discretisation = card.radiomics?.discretisation;
  const radiomicsInputs = (card.inputs ?? []).filter((item) => item.source?.kind === 'radiomics');
  const featureClasses = [
    ...new Set(
      radiomicsInputs.map((item) => item.source?.family ?? `IBSI ${item.source?.ibsi ?? ''}`.trim()),
    ),
  ];
  const model = protocol.model;
  return {
    trial: { id: input.trial.code, title: input.trial.title, protocolVersion: input.protocolVersion },
    indication:
      input.trial.indication === 'multiple-myeloma' || input.trial.indication === 'breast-cancer'
        ? input.trial.indication
        : 'other',
    endpoint:
      endpoint.type === 'mrd'
        ? {
            type: 'mrd',
            negativityThreshold: endpoint.negativityThreshold,
            ...(endpoint.assayCodes[0]?.display ? { assay: endpoint.assayCodes[0].display } : {}),
            assessmentWindowDays: window,
          }
        : endpoint.type === 'pcr'
          ? { type: 'pcr', definition: endpoint.definition, assessmentWindowDays: window }
          : {
              type: 'other',
              description:
                endpoint.codes[0]?.display ?? endpoint.codes[0]?.code ?? 'protocol-defined endpoint',
              positiveClass: endpoint.positiveClass,
              assessmentWindowDays: window,
            },
    design: {
      plannedSampleSize: protocol.plannedSampleSize,
      ...(protocol.expectedPrevalence === undefined
        ? {}
        : { expectedPrevalence: protocol.expectedPrevalence }),
      hypothesis: {
        nullValue: protocol.primaryHypothesis.nullValue,
        alternativeValue: protocol.primaryHypothesis.alternativeValue,
      },
      looks: plan.looks,
      alpha: plan.alpha,
      sided: plan.sided,
      spending: plan.spending,
      futility:
        plan.futility.type === 'non-binding-beta-spending'
          ? { type: 'non-binding-beta-spending', beta: plan.futility.beta }
          : plan.futility.type === 'conditional-power'
            ? { type: 'conditional-power', threshold: plan.futility.threshold }
            : { type: 'none' },
    },
    sites: input.trial.sites,
    enrollment: {
      ...(input.enrolledBetween.first ? { first: input.enrolledBetween.first } : {}),
      ...(input.enrolledBetween.last ? { last: input.enrolledBetween.last } : {}),
    },
    eligibility: {
      inclusion: protocol.eligibility.rules
        .filter((rule) => rule.kind === 'inclusion')
        .map((rule) => rule.description),
      exclusion: protocol.eligibility.rules
        .filter((rule) => rule.kind === 'exclusion')
        .map((rule) => rule.description),
    },
    model: {
      name: model?.name ?? 'no model pinned',
      version: model?.version ?? '—',
      sha256: model?.sha256 ?? '—',
      inputFeatures: (card.inputs ?? []).map((item) => ({
        name: item.name,
        ...(item.unit ? { unit: item.unit } : {}),
        ...(item.source?.kind
          ? {
              source:
                item.source.kind === 'radiomics'
                  ? `radiomics, IBSI ${item.source.ibsi ?? ''}`.trim()
                  : `covariate ${item.source.code ?? ''}`.trim(),
            }
          : {}),
      })),
      output: card.output?.meaning ?? 'probability of the positive class',
      decisionThreshold: protocol.decisionThreshold,
      ...(card.intendedUse ? { intendedUse: card.intendedUse } : {}),
      trainingDistributionAvailable: (card.inputs ?? []).some(
        (item) => item.trainingDistribution !== undefined,
      ),
      ...(card.trainingPopulation ? { developmentData: card.trainingPopulation } : {}),
    },
    baselineInput: {
      modality: protocol.baselineImaging.modality,
      ...(protocol.baselineImaging.bodySite?.[0]?.display
        ? { bodySite: protocol.baselineImaging.bodySite[0].display }
        : {}),
      windowDaysBeforeTreatment: protocol.baselineImaging.windowDaysBeforeTreatment,
      minDaysBeforeTreatment: protocol.baselineImaging.minDaysBeforeTreatment,
      selection: protocol.baselineImaging.selection,
      ...(protocol.baselineImaging.acquisition
        ? { acquisition: JSON.stringify(protocol.baselineImaging.acquisition) }
        : {}),
    },
    preprocessing: {
      featureClasses,
      ...(discretisation?.binWidth === undefined ? {} : { binWidth: discretisation.binWidth }),
      ...(card.radiomics?.resampling?.spacingMm
        ? { resampling: `${card.radiomics.resampling.spacingMm.join(' × ')} mm` }
        : {}),
      software: 'Prospect IBSI-compliant radiomics (@prospect/radiomics)',
    },
    inputQuality: {
      unavailable:
        'A subject without a qualifying baseline study or a required covariate gets no prediction and is not locked; ' +
        'it stays in the flow as enrolled but not locked. Acquisition deviations from the protocol are recorded with the image.',
    },
    locking: {
      lockedBeforeTreatmentStart: true,
      ledger:
        'per-trial signed transparency log (RFC 6962 Merkle tree, Ed25519 signed tree heads), append-only',
      signedTreeHeads: true,
      signatureAlgorithm: 'Ed25519',
      cosigners: input.witnesses,
      verificationCommand: 'prospect verify <package folder>',
    },
    blinding: {
      outcomeAssessorsBlindedToPredictions: true,
      roles: [
        { role: 'outcome assessor', blindedTo: 'every prediction and lock' },
        { role: 'coordinator', blindedTo: 'predicted probabilities and classes (hashes only)' },
        { role: 'statistician', blindedTo: 'unblinded results until the DMC releases them' },
      ],
      adjudication:
        'Conflicting or unassessable outcomes are adjudicated by a second, independent assessor with an e-signature.',
    },
    counts: {
      enrolled: flow.enrolled,
      locked: flow.locked,
      analysedPerProtocol: flow.analysedPrimary,
      exclusions: Object.entries(flow.exclusions)
        .filter(([, count]) => count > 0)
        .map(([reason, count]) => ({
          reason: EXCLUSION_REASONS[reason as keyof ConsortFlow['exclusions']],
          count,
        })),
      missingOutcomes: flow.outcome.missing + flow.outcome.pending + flow.outcome.conflicting,
    },
    reportSections: input.reportSections,
    subgroups: protocol.subgroups.map((subgroup) => subgroup.label),
    inputShift: protocol.inputShift,
    humanAi: {
      predictionsShownToTreatingClinicians: input.lockWriteBack === 'full',
      predictionsUsedForCareDecisions: false,
    },
    economicsPresent: input.economicsPresent,
    package: {
      datasets: input.datasets,
      defineXml: 'datasets/define.xml',
      ledger: 'ledger/ledger.jsonl',
      auditTrail: 'audit/audit-trail.json',
    },
  };
}
