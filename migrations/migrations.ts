import { CreateIdentityTables1795795200000 } from './1795795200000-CreateIdentityTables';
import { CreateAuditTrail1795795260000 } from './1795795260000-CreateAuditTrail';
import { CreateTrialTables1795795320000 } from './1795795320000-CreateTrialTables';
import { CreateEnrollmentTables1795795380000 } from './1795795380000-CreateEnrollmentTables';
import { CreateImagingAndPredictionTables1795795440000 } from './1795795440000-CreateImagingAndPredictionTables';
import { CreateLedgerAndLockTables1795795500000 } from './1795795500000-CreateLedgerAndLockTables';
import { CreateOutcomeAndAnalysisTables1795795560000 } from './1795795560000-CreateOutcomeAndAnalysisTables';
import { CreateEconomicEvaluationTables1795795620000 } from './1795795620000-CreateEconomicEvaluationTables';
import { CreateSubmissionPackageTables1795795680000 } from './1795795680000-CreateSubmissionPackageTables';

/** Every migration, oldest first. A merged migration is never edited: add a new one. */
export const MIGRATIONS = [
  CreateIdentityTables1795795200000,
  CreateAuditTrail1795795260000,
  CreateTrialTables1795795320000,
  CreateEnrollmentTables1795795380000,
  CreateImagingAndPredictionTables1795795440000,
  CreateLedgerAndLockTables1795795500000,
  CreateOutcomeAndAnalysisTables1795795560000,
  CreateEconomicEvaluationTables1795795620000,
  CreateSubmissionPackageTables1795795680000,
];
