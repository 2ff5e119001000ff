import type { Indication, ProtocolContent } from '@prospect/domain';
import type { ProtocolApprovalEntity, ProtocolVersionEntity, TrialEntity, TrialSiteEntity } from './entities';

export interface SiteView {
  id: string;
  code: string;
  name: string;
  createdAt: string;
}

export interface ProtocolVersionView {
  id: string;
  version: number;
  status: 'draft' | 'approved' | 'superseded';
  contentSha256: string;
  endpointType: string;
  decisionThreshold: number;
  plannedSampleSize: number;
  amendmentReason: string | null;
  createdAt: string;
  createdBy: string;
  approval: { approvedAt: string; approvedBy: string; signatureId: string } | null;
  content: ProtocolContent;
}

export interface TrialView {
  id: string;
  code: string;
  title: string;
  indication: Indication;
  createdAt: string;
  sites: SiteView[];
  /** The newest approved protocol version, the one in force; null until one is approved. */
  protocolInForce: number | null;
  latestProtocolVersion: number | null;
}

export function toSiteView(site: TrialSiteEntity): SiteView {
  return { id: site.id, code: site.code, name: site.name, createdAt: site.createdAt.toISOString() };
}

/**
 * A draft becomes superseded when a newer version exists; approved versions stay approved
 * (the one in force is the newest approved).
 */
export function toProtocolVersionView(
  version: ProtocolVersionEntity,
  approval: ProtocolApprovalEntity | undefined,
  latestVersion: number,
): ProtocolVersionView {
  return {
    id: version.id,
    version: version.version,
    status: approval ? 'approved' : version.version < latestVersion ? 'superseded' : 'draft',
    contentSha256: version.contentSha256,
    endpointType: version.endpointType,
    decisionThreshold: version.decisionThreshold,
    plannedSampleSize: version.plannedSampleSize,
    amendmentReason: version.amendmentReason,
    createdAt: version.createdAt.toISOString(),
    createdBy: version.createdBy,
    approval: approval
      ? {
          approvedAt: approval.approvedAt.toISOString(),
          approvedBy: approval.approvedBy,
          signatureId: approval.signatureId,
        }
      : null,
    content: version.content,
  };
}

export function toTrialView(
  trial: TrialEntity,
  sites: TrialSiteEntity[],
  versions: { version: number; approved: boolean }[],
): TrialView {
  const approved = versions.filter((version) => version.approved).map((version) => version.version);
  const all = versions.map((version) => version.version);
  return {
    id: trial.id,
    code: trial.code,
    title: trial.title,
    indication: trial.indication,
    createdAt: trial.createdAt.toISOString(),
    sites: sites.map(toSiteView),
    protocolInForce: approved.length > 0 ? Math.max(...approved) : null,
    latestProtocolVersion: all.length > 0 ? Math.max(...all) : null,
  };
}

/** What a protocol approval signs: the version's identity and its whole content. */
export function signedProtocolRecord(
  trialCode: string,
  version: ProtocolVersionEntity,
): Record<string, unknown> {
  return {
    recordType: 'protocol-version',
    trialCode,
    version: version.version,
    contentSha256: version.contentSha256,
    content: version.content,
    amendmentReason: version.amendmentReason,
    createdAt: version.createdAt.toISOString(),
    createdBy: version.createdBy,
  };
}
