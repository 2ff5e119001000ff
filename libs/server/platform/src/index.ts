export { loadConfig, ConfigError, type AppConfig } from './config/app-config';
export { APP_CONFIG, ConfigModule } from './config/config.module';
export { PlatformModule, type PlatformOptions } from './platform.module';
export {
  createDataSource,
  dataSourceOptions,
  type DataSourceParts,
  type DatabaseEngine,
} from './database/data-source';
export { EmbeddedPostgres } from './database/embedded-postgres';
export { migrateUp, assertSchemaCurrent } from './database/migrate';
export {
  DomainError,
  notFound,
  conflict,
  forbidden,
  unprocessable,
  badRequest,
  unauthenticated,
  type FieldProblem,
  type ErrorKind,
} from './errors/domain-error';
export { ProblemFilter } from './errors/problem.filter';
export { problem, PROBLEM_CONTENT_TYPE, type ProblemDetails } from './errors/problem';
export { createValidationPipe, fieldProblems } from './errors/validation';
export { ParseUuid, ParseOptionalBoolean, ParsePositiveInt } from './errors/pipes';
export { AuditService, type AuditEventInput } from './audit/audit.service';
export { AuditEventEntity } from './audit/audit-event.entity';
export { Access, ACCESS_RULE, type AccessRule, describeAccess } from './auth/access.decorator';
export { CurrentActor, CurrentPrincipal, CurrentTrial } from './auth/current-principal.decorator';
export { type Actor, requireUserId, SYSTEM_ACTOR } from './auth/actor';
export { jsonb } from './database/jsonb';
export { BIGINT_AS_NUMBER } from './database/bigint-as-number';
export { type Principal, type TrialAccess } from './auth/principal';
export { UsersService, type UserView, type RoleAssignmentView, USERNAME_PATTERN } from './auth/users.service';
export { AuthService } from './auth/auth.service';
export { UserEntity } from './auth/entities/user.entity';
export { UserSessionEntity } from './auth/entities/user-session.entity';
export { RoleAssignmentEntity } from './auth/entities/role-assignment.entity';
export {
  hashPassword,
  verifyPassword,
  passwordPolicyViolations,
  generatePassword,
} from './auth/password-hasher';
export {
  SignaturesService,
  toSignatureView,
  type SignedRecordResolver,
  type SignatureVerification,
  type SignatureRequest,
} from './signatures/signatures.service';
export { SignatureEntity } from './signatures/signature.entity';
export { SIGNATURE_MEANINGS, type SignatureMeaning } from './signatures/signature-meaning';
export { recordSha256 } from './signatures/record-hash';
export {
  QUEUE_DRIVER,
  QueueUnavailableError,
  DEFAULT_ATTEMPTS,
  type QueueDriver,
  type JobHandler,
  type JobOptions,
  type QueueHealth,
} from './queue/queue-driver';
export { InProcessQueueDriver } from './queue/in-process.driver';
export { BullMqQueueDriver } from './queue/bullmq.driver';
export { createQueueDriver } from './queue/queue.module';
export { JobRegistry } from './queue/job-registry';
export { relayPendingJobs, type JobOutbox, type OutboxJob, type RelayOutcome } from './queue/job-relay';
export { type JobProcessor } from './queue/job-processor';
export { SESSION_PURGE_JOB, SESSION_RETENTION_DAYS } from './auth/session-purge.processor';
export { HealthService, APP_VERSION, type HealthReport } from './health/health.service';
export { FHIR_LOCATOR, type FhirLocator } from './health/fhir-locator';
export { FIRST_ADMIN_USERNAME } from './bootstrap/first-admin';

import { AuditEventEntity } from './audit/audit-event.entity';
import { RoleAssignmentEntity } from './auth/entities/role-assignment.entity';
import { UserSessionEntity } from './auth/entities/user-session.entity';
import { UserEntity } from './auth/entities/user.entity';
import { SignatureEntity } from './signatures/signature.entity';

/** Entities of the platform's own tables. */
export const PLATFORM_ENTITIES = [
  UserEntity,
  UserSessionEntity,
  RoleAssignmentEntity,
  AuditEventEntity,
  SignatureEntity,
];
export {
  BLOB_STORE,
  BlobCorruptedError,
  BlobNotFoundError,
  FolderBlobStore,
  sha256Hex,
  type BlobStore,
  type StoredBlob,
} from './storage/blob-store';
