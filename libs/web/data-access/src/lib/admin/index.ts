export { UsersApi } from './users.api';
export { AuditApi, auditParams, attachmentName } from './audit.api';
export { ModelsApi } from './models.api';
export { TrialRegistrationApi } from './trial-registration.api';
export type {
  User,
  CreateUserRequest,
  CreatedUser,
  PasswordReset,
  RoleAssignment,
  GrantRoleRequest,
  UserAction,
  AuditEvent,
  AuditFilter,
  AuditPage,
  AuditExportFormat,
  DownloadedBlob,
  AuditSignatureVerification,
  RegisteredModel,
  ModelRegistration,
} from './admin.models';
