import { ProtocolApprovalEntity } from './protocol-approval.entity';
import { ProtocolVersionEntity } from './protocol-version.entity';
import { TrialSiteEntity } from './trial-site.entity';
import { TrialEntity } from './trial.entity';

export { ProtocolApprovalEntity, ProtocolVersionEntity, TrialSiteEntity, TrialEntity };

export const TRIAL_ENTITIES = [TrialEntity, TrialSiteEntity, ProtocolVersionEntity, ProtocolApprovalEntity];
