import type { TrialRole } from '../auth/auth.models';

/** A user account as the administrator sees it (`GET /users`). */
export interface User {
  readonly id: string;
  readonly username: string;
  /** The printed name shown with the user's electronic signatures. */
  readonly displayName: string;
  readonly isAdmin: boolean;
  readonly isActive: boolean;
  readonly mustChangePassword: boolean;
  /** Locked out by failed logins until then. */
  readonly lockedUntil: string | null;
  readonly lastLoginAt: string | null;
  readonly createdAt: string;
}

/** `POST /users` (CreateUserDto). Without `password`, the API generates a one-time password. */
export interface CreateUserRequest {
  readonly username: string;
  readonly displayName: string;
  readonly isAdmin: boolean;
  readonly password?: string;
}

/** The created user, with the generated one-time password (shown only in this response). */
export interface CreatedUser {
  readonly user: User;
  readonly temporaryPassword: string | null;
}

/** `POST /users/{id}/password-reset`: the new one-time password, shown only in this response. */
export interface PasswordReset {
  readonly user: User;
  readonly temporaryPassword: string;
}

/** A trial role held (or once held) by a user. */
export interface RoleAssignment {
  readonly id: string;
  readonly userId: string;
  readonly trialId: string;
  readonly trialCode: string;
  readonly role: TrialRole;
  readonly grantedAt: string;
  readonly grantedBy: string;
  readonly revokedAt: string | null;
  readonly revokedBy: string | null;
  readonly revokeReason: string | null;
}

/** `POST /users/{id}/roles` (GrantRoleDto). */
export interface GrantRoleRequest {
  readonly trialCode: string;
  readonly role: TrialRole;
  readonly reason?: string;
}

/** User administration steps that take a reason (ReasonDto: 3 to 1000 characters). */
export type UserAction = 'deactivate' | 'reactivate' | 'unlock';

/** One audit trail entry (`GET /audit-events`). */
export interface AuditEvent {
  /** Increasing position in the trail (a decimal string: it may exceed 2^53). */
  readonly sequence: string;
  readonly id: string;
  readonly occurredAt: string;
  readonly actorId: string | null;
  readonly actorUsername: string | null;
  readonly action: string;
  readonly entityType: string;
  readonly entityId: string | null;
  readonly trialId: string | null;
  readonly before: unknown;
  readonly after: unknown;
  readonly reason: string | null;
  readonly requestId: string | null;
}

/** Filters `GET /audit-events` and its export take (AuditFilterDto). */
export interface AuditFilter {
  readonly action?: string;
  /** A user id. */
  readonly actorId?: string;
  readonly entityType?: string;
  readonly entityId?: string;
  /** Events at or after this instant (ISO 8601, UTC). */
  readonly from?: string;
  /** Events before this instant (ISO 8601, UTC). */
  readonly to?: string;
}

/** A page of the trail: oldest first, after `afterSequence` (keyset pagination). */
export interface AuditPage extends AuditFilter {
  readonly afterSequence?: string;
  /** 1 to 1000; the API's default is 100. */
  readonly limit?: number;
}

export type AuditExportFormat = 'csv' | 'json';

/** A downloaded file with the name the API gave it. */
export interface DownloadedBlob {
  readonly fileName: string;
  readonly blob: Blob;
}

/** `GET /trials/{code}/signatures/{id}/verification`. */
export interface AuditSignatureVerification {
  readonly signatureId: string;
  readonly valid: boolean;
  readonly recordType: string;
  readonly recordId: string;
  readonly signedSha256: string;
  readonly currentSha256: string | null;
  readonly reason: string;
}

/** A registered ONNX model (`GET /models`). */
export interface RegisteredModel {
  /** SHA-256 of the ONNX bytes: the model's identity. */
  readonly sha256: string;
  readonly name: string;
  readonly version: string;
  readonly byteSize: number;
  /** The model card, with `modelSha256` filled in. */
  readonly card: Record<string, unknown>;
  /** Inputs and outputs onnxruntime found. */
  readonly signature: Record<string, unknown>;
  readonly registeredAt: string;
  readonly registeredBy: string;
}

/** The registry's answer to an upload: `created` is false when these bytes were registered already. */
export interface ModelRegistration {
  readonly model: RegisteredModel;
  readonly created: boolean;
}
