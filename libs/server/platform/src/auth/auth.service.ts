import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsNull, type DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { DomainError, unauthenticated, unprocessable } from '../errors/domain-error';
import type { Actor } from './actor';
import { CredentialsService } from './credentials.service';
import { UserSessionEntity } from './entities/user-session.entity';
import { UserEntity } from './entities/user.entity';
import { hashPassword, passwordPolicyViolations, verifyPassword } from './password-hasher';
import type { Principal } from './principal';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  refreshExpiresAt: string;
  mustChangePassword: boolean;
}

interface AccessClaims {
  sub: string;
  sid: string;
}

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * Logins, short-lived access tokens (JWT, HS256) bound to a server-side session, rotating refresh
 * tokens, logout and password change. A refresh token used twice revokes every session of its
 * user: one of the two holders stole it.
 */
@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly credentials: CredentialsService,
    private readonly audit: AuditService,
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async login(username: string, password: string, actor: Actor): Promise<TokenPair> {
    const user = await this.credentials.check(
      username,
      password,
      { ...actor, username: username.trim().toLowerCase().slice(0, 64) },
      'login',
    );
    return this.dataSource.transaction(async (manager) => {
      await manager.update(UserEntity, user.id, { lastLoginAt: new Date() });
      const tokens = await this.openSession(manager, user);
      await this.audit.record(
        manager,
        { ...actor, userId: user.id, username: user.username },
        {
          action: 'auth.login.succeeded',
          entityType: 'user',
          entityId: user.id,
        },
      );
      return tokens;
    });
  }

  async refresh(refreshToken: string, actor: Actor): Promise<TokenPair> {
    const session = await this.dataSource
      .getRepository(UserSessionEntity)
      .findOneBy({ refreshTokenSha256: sha256(refreshToken) });
    if (!session)
      throw unauthenticated('INVALID_REFRESH_TOKEN', 'The refresh token is not valid; log in again.');
    if (session.revokedAt) {
      if (session.revokedReason === 'rotated')
        await this.revokeAllSessions(session.userId, 'refresh-token-reuse', actor);
      throw unauthenticated(
        'INVALID_REFRESH_TOKEN',
        'The refresh token was already used or revoked; log in again.',
      );
    }
    if (session.expiresAt <= new Date())
      throw unauthenticated('SESSION_EXPIRED', 'The session has expired; log in again.');
    const user = await this.dataSource.getRepository(UserEntity).findOneBy({ id: session.userId });
    if (!user?.isActive) throw unauthenticated('INVALID_REFRESH_TOKEN', 'The account can no longer log in.');
    return this.dataSource.transaction(async (manager) => {
      // Only the first of two concurrent refreshes wins the rotation.
      const result = await manager.update(
        UserSessionEntity,
        { id: session.id, revokedAt: IsNull() },
        { revokedAt: new Date(), revokedReason: 'rotated' },
      );
      if (result.affected !== 1)
        throw unauthenticated('INVALID_REFRESH_TOKEN', 'The refresh token was already used; log in again.');
      return this.openSession(manager, user);
    });
  }

  async logout(principal: Principal, actor: Actor): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.update(
        UserSessionEntity,
        { id: principal.sessionId, revokedAt: IsNull() },
        { revokedAt: new Date(), revokedReason: 'logout' },
      );
      await this.audit.record(manager, actor, {
        action: 'auth.logout',
        entityType: 'user',
        entityId: principal.userId,
      });
    });
  }

  async changePassword(
    principal: Principal,
    currentPassword: string,
    newPassword: string,
    actor: Actor,
  ): Promise<void> {
    const user = await this.dataSource.getRepository(UserEntity).findOneByOrFail({ id: principal.userId });
    if (!(await verifyPassword(currentPassword, user.passwordHash))) {
      await this.audit.recordAlone(actor, {
        action: 'user.password.change-failed',
        entityType: 'user',
        entityId: user.id,
        after: { reason: 'wrong-current-password' },
      });
      throw new DomainError(
        'unprocessable',
        'WRONG_CURRENT_PASSWORD',
        'The current password is not correct.',
        [{ field: 'currentPassword', reason: 'is not correct' }],
      );
    }
    const problems = passwordPolicyViolations(newPassword, user.username);
    if (newPassword === currentPassword) problems.push('must differ from the current password');
    if (problems.length > 0) {
      throw unprocessable(
        'PASSWORD_POLICY',
        'The new password does not meet the password policy.',
        problems.map((reason) => ({ field: 'newPassword', reason })),
      );
    }
    const passwordHash = await hashPassword(newPassword);
    await this.dataSource.transaction(async (manager) => {
      const now = new Date();
      await manager.update(UserEntity, user.id, {
        passwordHash,
        passwordChangedAt: now,
        mustChangePassword: false,
        updatedAt: now,
      });
      // Other logins of this user end; the one that changed the password stays.
      await manager
        .createQueryBuilder()
        .update(UserSessionEntity)
        .set({ revokedAt: now, revokedReason: 'password-changed' })
        .where('user_id = :userId AND revoked_at IS NULL AND id <> :sessionId', {
          userId: user.id,
          sessionId: principal.sessionId,
        })
        .execute();
      await this.audit.record(manager, actor, {
        action: 'user.password.changed',
        entityType: 'user',
        entityId: user.id,
        before: { mustChangePassword: user.mustChangePassword },
        after: { mustChangePassword: false },
      });
    });
  }

  /** The principal an access token stands for, if its session still stands and the account is active. */
  async authenticate(accessToken: string): Promise<Principal> {
    let claims: AccessClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessClaims & object>(accessToken, { algorithms: ['HS256'] });
    } catch {
      throw unauthenticated('INVALID_TOKEN', 'The access token is invalid or expired.');
    }
    const rows: {
      username: string;
      display_name: string;
      is_admin: boolean;
      is_active: boolean;
      must_change_password: boolean;
      revoked_at: Date | null;
      expires_at: Date;
    }[] = await this.dataSource.query(
      `SELECT u.username, u.display_name, u.is_admin, u.is_active, u.must_change_password, s.revoked_at, s.expires_at
       FROM user_session s JOIN app_user u ON u.id = s.user_id
       WHERE s.id = $1 AND u.id = $2`,
      [claims.sid, claims.sub],
    );
    const row = rows[0];
    if (!row || row.revoked_at || row.expires_at <= new Date() || !row.is_active) {
      throw unauthenticated(
        'SESSION_ENDED',
        'The session has ended (logged out, revoked or expired); log in again.',
      );
    }
    return {
      userId: claims.sub,
      sessionId: claims.sid,
      username: row.username,
      displayName: row.display_name,
      isAdmin: row.is_admin,
      mustChangePassword: row.must_change_password,
    };
  }

  async revokeAllSessions(userId: string, reason: string, actor: Actor): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.update(
        UserSessionEntity,
        { userId, revokedAt: IsNull() },
        { revokedAt: new Date(), revokedReason: reason },
      );
      await this.audit.record(manager, actor, {
        action: 'auth.sessions.revoked',
        entityType: 'user',
        entityId: userId,
        after: { reason },
      });
    });
  }

  private async openSession(manager: EntityManager, user: UserEntity): Promise<TokenPair> {
    const refreshToken = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + this.config.auth.refreshTokenTtlSeconds * 1000);
    const inserted = await manager.insert(UserSessionEntity, {
      userId: user.id,
      refreshTokenSha256: sha256(refreshToken),
      expiresAt,
    });
    const sessionId = (inserted.identifiers[0] as { id: string }).id;
    const accessToken = await this.jwt.signAsync(
      { sub: user.id, sid: sessionId },
      { algorithm: 'HS256', expiresIn: this.config.auth.accessTokenTtlSeconds },
    );
    return {
      accessToken,
      refreshToken,
      tokenType: 'Bearer',
      expiresIn: this.config.auth.accessTokenTtlSeconds,
      refreshExpiresAt: expiresAt.toISOString(),
      mustChangePassword: user.mustChangePassword,
    };
  }
}
