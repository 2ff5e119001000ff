import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import { DomainError, unauthenticated } from '../errors/domain-error';
import type { Actor } from './actor';
import { UserEntity } from './entities/user.entity';
import { UNMATCHABLE_HASH, verifyPassword } from './password-hasher';

/**
 * Password checks with lockout (21 CFR 11.300(d)): consecutive failures lock the account for a
 * while; every failure and every lock is audited. Used for login and for signature re-entry.
 */
@Injectable()
export class CredentialsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The user, if `password` is theirs and the account may log in; otherwise a 401 after auditing why. */
  async check(
    username: string,
    password: string,
    actor: Actor,
    purpose: 'login' | 'signature',
  ): Promise<UserEntity> {
    const normalized = username.trim().toLowerCase();
    const user = await this.dataSource.getRepository(UserEntity).findOneBy({ username: normalized });
    if (!user) {
      // Spend the same time as a real check so response timing does not reveal which usernames exist.
      await verifyPassword(password, UNMATCHABLE_HASH);
      await this.audit.recordAlone(actor, {
        action: `auth.${purpose}.failed`,
        entityType: 'user',
        after: { username: normalized.slice(0, 64), reason: 'unknown-user' },
      });
      throw invalidCredentials();
    }
    const now = new Date();
    if (user.lockedUntil && user.lockedUntil > now) {
      await this.audit.recordAlone(actor, {
        action: `auth.${purpose}.failed`,
        entityType: 'user',
        entityId: user.id,
        after: { reason: 'account-locked', lockedUntil: user.lockedUntil.toISOString() },
      });
      throw new DomainError(
        'unauthenticated',
        'ACCOUNT_LOCKED',
        `The account is locked after repeated failed attempts until ${user.lockedUntil.toISOString()}; an administrator can unlock it.`,
      );
    }
    const matches = await verifyPassword(password, user.passwordHash);
    if (!matches || !user.isActive) {
      await this.recordFailure(user, actor, purpose, matches ? 'account-deactivated' : 'wrong-password');
      throw invalidCredentials();
    }
    if (user.failedLoginCount > 0 || user.lockedUntil) {
      await this.dataSource
        .getRepository(UserEntity)
        .update(user.id, { failedLoginCount: 0, lockedUntil: null, updatedAt: now });
    }
    return user;
  }

  /** Re-entry of the password for an electronic signature by the logged-in user. */
  async reauthenticate(
    actor: Actor,
    password: string,
  ): Promise<{ userId: string; username: string; printedName: string }> {
    if (!actor.username) throw unauthenticated('SIGNER_UNKNOWN', 'Only a logged-in user can sign.');
    const user = await this.check(actor.username, password, actor, 'signature');
    return { userId: user.id, username: user.username, printedName: user.displayName };
  }

  private async recordFailure(
    user: UserEntity,
    actor: Actor,
    purpose: string,
    reason: string,
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      // Count in SQL so that concurrent failures are all counted. TypeORM answers an UPDATE with [rows, rowCount].
      const [rows]: [{ failed_login_count: number }[], number] = await manager.query(
        `UPDATE app_user SET failed_login_count = failed_login_count + 1, updated_at = now()
         WHERE id = $1 RETURNING failed_login_count`,
        [user.id],
      );
      const failures = rows[0]?.failed_login_count ?? 0;
      await this.audit.record(manager, actor, {
        action: `auth.${purpose}.failed`,
        entityType: 'user',
        entityId: user.id,
        after: { reason, consecutiveFailures: failures },
      });
      if (reason === 'wrong-password' && failures >= this.config.auth.maxFailedLogins) {
        const lockedUntil = new Date(Date.now() + this.config.auth.lockoutMinutes * 60_000);
        await manager.update(UserEntity, user.id, { lockedUntil, failedLoginCount: 0 });
        await this.audit.record(manager, actor, {
          action: 'user.locked',
          entityType: 'user',
          entityId: user.id,
          after: { lockedUntil: lockedUntil.toISOString(), consecutiveFailures: failures },
        });
      }
    });
  }
}

function invalidCredentials(): DomainError {
  return unauthenticated('INVALID_CREDENTIALS', 'The username or password is not correct.');
}
