import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsNull, type DataSource, type EntityManager } from 'typeorm';
import type { TrialRole } from '@prospect/domain';
import { AuditService } from '../audit/audit.service';
import { conflict, DomainError, notFound, unprocessable } from '../errors/domain-error';
import type { Actor } from './actor';
import type { Principal } from './principal';
import { RoleAssignmentEntity } from './entities/role-assignment.entity';
import { UserSessionEntity } from './entities/user-session.entity';
import { UserEntity } from './entities/user.entity';
import { generatePassword, hashPassword, passwordPolicyViolations } from './password-hasher';

export interface UserView {
  id: string;
  username: string;
  displayName: string;
  isAdmin: boolean;
  isActive: boolean;
  mustChangePassword: boolean;
  lockedUntil: string | null;
  lastLoginAt: string | null;
  createdAt: string;
}

export interface RoleAssignmentView {
  id: string;
  userId: string;
  trialId: string;
  trialCode: string;
  role: TrialRole;
  grantedAt: string;
  grantedBy: string;
  revokedAt: string | null;
  revokedBy: string | null;
  revokeReason: string | null;
}

export interface NewUser {
  username: string;
  displayName: string;
  isAdmin: boolean;
  /** Omitted: a random one-time password is generated and returned once. */
  password?: string;
}

export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{2,63}$/;

/** User administration; every change is audited with before and after values (never password hashes). */
@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async create(actor: Actor, input: NewUser): Promise<{ user: UserView; temporaryPassword: string | null }> {
    const username = input.username.trim().toLowerCase();
    if (!USERNAME_PATTERN.test(username)) {
      throw unprocessable('INVALID_USERNAME', 'The username is not allowed.', [
        {
          field: 'username',
          reason:
            'must be 3–64 characters: lower-case letters, digits, dot, underscore or hyphen, starting with a letter or digit',
        },
      ]);
    }
    const temporaryPassword = input.password === undefined ? generatePassword() : null;
    const password = input.password ?? (temporaryPassword as string);
    const problems = passwordPolicyViolations(password, username);
    if (problems.length > 0) {
      throw unprocessable(
        'PASSWORD_POLICY',
        'The password does not meet the password policy.',
        problems.map((reason) => ({ field: 'password', reason })),
      );
    }
    const passwordHash = await hashPassword(password);
    const user = await this.dataSource.transaction(async (manager) => {
      if (await manager.existsBy(UserEntity, { username })) {
        throw conflict('USERNAME_TAKEN', `The username ${username} is already taken.`);
      }
      const inserted = await manager.insert(UserEntity, {
        username,
        displayName: input.displayName.trim(),
        passwordHash,
        mustChangePassword: true,
        isAdmin: input.isAdmin,
        isActive: true,
        failedLoginCount: 0,
        passwordChangedAt: new Date(),
        updatedAt: new Date(),
      });
      const created = await manager.findOneByOrFail(UserEntity, {
        id: (inserted.identifiers[0] as { id: string }).id,
      });
      await this.audit.record(manager, actor, {
        action: 'user.created',
        entityType: 'user',
        entityId: created.id,
        after: toUserView(created),
      });
      return created;
    });
    return { user: toUserView(user), temporaryPassword };
  }

  /** The caller and their active roles, per trial. */
  async me(principal: Principal): Promise<{
    id: string;
    username: string;
    displayName: string;
    isAdmin: boolean;
    mustChangePassword: boolean;
    trials: { trialCode: string; roles: string[] }[];
  }> {
    const trials: { code: string; roles: string[] }[] = await this.dataSource.query(
      `SELECT t.code, array_agg(ra.role ORDER BY ra.role) AS roles
       FROM role_assignment ra JOIN trial t ON t.id = ra.trial_id
       WHERE ra.user_id = $1 AND ra.revoked_at IS NULL GROUP BY t.code ORDER BY t.code`,
      [principal.userId],
    );
    return {
      id: principal.userId,
      username: principal.username,
      displayName: principal.displayName,
      isAdmin: principal.isAdmin,
      mustChangePassword: principal.mustChangePassword,
      trials: trials.map((trial) => ({ trialCode: trial.code, roles: trial.roles })),
    };
  }

  async count(): Promise<number> {
    return this.dataSource.getRepository(UserEntity).count();
  }

  async list(): Promise<UserView[]> {
    const users = await this.dataSource.getRepository(UserEntity).find({ order: { username: 'ASC' } });
    return users.map(toUserView);
  }

  async get(userId: string): Promise<UserView> {
    return toUserView(await this.load(this.dataSource.manager, userId));
  }

  async setActive(actor: Actor, userId: string, isActive: boolean, reason: string): Promise<UserView> {
    if (!isActive && actor.userId === userId) {
      throw unprocessable('CANNOT_DEACTIVATE_SELF', 'You cannot deactivate your own account.');
    }
    return this.change(
      actor,
      userId,
      isActive ? 'user.reactivated' : 'user.deactivated',
      reason,
      async (manager, user) => {
        await manager.update(UserEntity, user.id, { isActive, updatedAt: new Date() });
        if (!isActive) await this.revokeSessions(manager, user.id, 'deactivated');
      },
    );
  }

  async unlock(actor: Actor, userId: string, reason: string): Promise<UserView> {
    return this.change(actor, userId, 'user.unlocked', reason, async (manager, user) => {
      await manager.update(UserEntity, user.id, {
        lockedUntil: null,
        failedLoginCount: 0,
        updatedAt: new Date(),
      });
    });
  }

  /** A new one-time password, returned once; the user must change it at next login and is logged out everywhere. */
  async resetPassword(
    actor: Actor,
    userId: string,
    reason: string,
  ): Promise<{ user: UserView; temporaryPassword: string }> {
    const temporaryPassword = generatePassword();
    const passwordHash = await hashPassword(temporaryPassword);
    const user = await this.change(actor, userId, 'user.password.reset', reason, async (manager, current) => {
      const now = new Date();
      await manager.update(UserEntity, current.id, {
        passwordHash,
        mustChangePassword: true,
        passwordChangedAt: now,
        lockedUntil: null,
        failedLoginCount: 0,
        updatedAt: now,
      });
      await this.revokeSessions(manager, current.id, 'password-reset');
    });
    return { user, temporaryPassword };
  }

  async roles(userId: string, includeRevoked: boolean): Promise<RoleAssignmentView[]> {
    await this.load(this.dataSource.manager, userId);
    const assignments = await this.dataSource.getRepository(RoleAssignmentEntity).find({
      where: includeRevoked ? { userId } : { userId, revokedAt: IsNull() },
      order: { grantedAt: 'ASC' },
    });
    const trials: { id: string; code: string }[] = await this.dataSource.query('SELECT id, code FROM trial');
    const codes = new Map(trials.map((trial) => [trial.id, trial.code]));
    const rows = assignments.map((assignment) => ({
      ...assignment,
      trialCode: codes.get(assignment.trialId) ?? '',
    }));
    return rows.map((row) => toRoleView(row, row.trialCode));
  }

  async grantRole(
    actor: Actor,
    userId: string,
    trialCode: string,
    role: TrialRole,
    reason: string | null,
  ): Promise<RoleAssignmentView> {
    return this.dataSource.transaction(async (manager) => {
      const user = await this.load(manager, userId);
      const trial: { id: string }[] = await manager.query('SELECT id FROM trial WHERE code = $1', [
        trialCode,
      ]);
      const trialId = trial[0]?.id;
      if (!trialId) throw notFound('TRIAL_NOT_FOUND', `No trial with code ${trialCode}.`);
      if (
        await manager.existsBy(RoleAssignmentEntity, { userId: user.id, trialId, role, revokedAt: IsNull() })
      ) {
        throw conflict(
          'ROLE_ALREADY_GRANTED',
          `${user.username} already has the role ${role} in ${trialCode}.`,
        );
      }
      const inserted = await manager.insert(RoleAssignmentEntity, {
        userId: user.id,
        trialId,
        role,
        grantedBy: actorId(actor),
      });
      const assignment = await manager.findOneByOrFail(RoleAssignmentEntity, {
        id: (inserted.identifiers[0] as { id: string }).id,
      });
      const view = toRoleView(assignment, trialCode);
      await this.audit.record(manager, actor, {
        action: 'role.granted',
        entityType: 'role-assignment',
        entityId: assignment.id,
        trialId,
        after: view,
        reason,
      });
      return view;
    });
  }

  async revokeRole(
    actor: Actor,
    userId: string,
    assignmentId: string,
    reason: string,
  ): Promise<RoleAssignmentView> {
    return this.dataSource.transaction(async (manager) => {
      const assignment = await manager.findOneBy(RoleAssignmentEntity, { id: assignmentId, userId });
      if (!assignment)
        throw notFound('ROLE_ASSIGNMENT_NOT_FOUND', `No role assignment ${assignmentId} for this user.`);
      if (assignment.revokedAt)
        throw conflict('ROLE_ALREADY_REVOKED', 'This role assignment was already revoked.');
      const trial: { code: string }[] = await manager.query('SELECT code FROM trial WHERE id = $1', [
        assignment.trialId,
      ]);
      const trialCode = trial[0]?.code ?? '';
      const before = toRoleView(assignment, trialCode);
      await manager.update(RoleAssignmentEntity, assignment.id, {
        revokedAt: new Date(),
        revokedBy: actorId(actor),
        revokeReason: reason,
      });
      const after = toRoleView(
        await manager.findOneByOrFail(RoleAssignmentEntity, { id: assignment.id }),
        trialCode,
      );
      await this.audit.record(manager, actor, {
        action: 'role.revoked',
        entityType: 'role-assignment',
        entityId: assignment.id,
        trialId: assignment.trialId,
        before,
        after,
        reason,
      });
      return after;
    });
  }

  private async change(
    actor: Actor,
    userId: string,
    action: string,
    reason: string,
    apply: (manager: EntityManager, user: UserEntity) => Promise<void>,
  ): Promise<UserView> {
    return this.dataSource.transaction(async (manager) => {
      const before = await this.load(manager, userId);
      await apply(manager, before);
      const after = await this.load(manager, userId);
      await this.audit.record(manager, actor, {
        action,
        entityType: 'user',
        entityId: userId,
        before: toUserView(before),
        after: toUserView(after),
        reason,
      });
      return toUserView(after);
    });
  }

  private async load(manager: EntityManager, userId: string): Promise<UserEntity> {
    const user = await manager.findOneBy(UserEntity, { id: userId });
    if (!user) throw notFound('USER_NOT_FOUND', `No user ${userId}.`);
    return user;
  }

  private async revokeSessions(manager: EntityManager, userId: string, reason: string): Promise<void> {
    await manager.update(
      UserSessionEntity,
      { userId, revokedAt: IsNull() },
      { revokedAt: new Date(), revokedReason: reason },
    );
  }
}

function actorId(actor: Actor): string {
  if (!actor.userId)
    throw new DomainError('forbidden', 'ACTOR_REQUIRED', 'This change must be made by a named user.');
  return actor.userId;
}

export function toUserView(user: UserEntity): UserView {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    isAdmin: user.isAdmin,
    isActive: user.isActive,
    mustChangePassword: user.mustChangePassword,
    lockedUntil: user.lockedUntil?.toISOString() ?? null,
    lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
    createdAt: user.createdAt.toISOString(),
  };
}

function toRoleView(assignment: RoleAssignmentEntity, trialCode: string): RoleAssignmentView {
  return {
    id: assignment.id,
    userId: assignment.userId,
    trialId: assignment.trialId,
    trialCode,
    role: assignment.role,
    grantedAt: assignment.grantedAt.toISOString(),
    grantedBy: assignment.grantedBy,
    revokedAt: assignment.revokedAt?.toISOString() ?? null,
    revokedBy: assignment.revokedBy,
    revokeReason: assignment.revokeReason,
  };
}
