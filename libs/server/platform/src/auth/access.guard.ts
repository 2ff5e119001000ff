import { type CanActivate, type ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { isTrialCode, isTrialRole, type TrialRole } from '@prospect/domain';
import { badRequest, DomainError, forbidden, notFound, unauthenticated } from '../errors/domain-error';
import { ACCESS_RULE, type AccessRule } from './access.decorator';
import { AuthService } from './auth.service';
import type { AuthenticatedRequest } from './principal';

type GuardedRequest = AuthenticatedRequest & {
  headers: Record<string, string | string[] | undefined>;
  params: Record<string, string>;
};

/**
 * Authentication and authorization for every endpoint, in one place: the endpoint's `@Access`
 * rule is required (fail closed), the bearer token must belong to a live session, and trial roles
 * are read from the database on each request so a revocation takes effect at once.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly logger = new Logger('AccessGuard');

  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!rule) {
      this.logger.error(
        `endpoint ${context.getClass().name}.${context.getHandler().name} declares no access rule`,
      );
      throw forbidden('ACCESS_RULE_MISSING', 'This endpoint is not open to anyone.');
    }
    if (rule.kind === 'public') return true;

    const request = context.switchToHttp().getRequest<GuardedRequest>();
    const principal = await this.auth.authenticate(bearerToken(request));
    request.principal = principal;

    if (principal.mustChangePassword && !(rule.kind === 'authenticated' && rule.allowPendingPasswordChange)) {
      throw forbidden(
        'PASSWORD_CHANGE_REQUIRED',
        'Change your password (POST /api/v1/auth/password) before doing anything else.',
      );
    }
    switch (rule.kind) {
      case 'authenticated':
        return true;
      case 'admin':
        if (!principal.isAdmin) throw forbidden('ROLE_REQUIRED', 'This action needs the admin role.');
        return true;
      case 'trial': {
        const trialCode = request.params['trialCode'];
        if (!trialCode) throw new DomainError('bad-request', 'TRIAL_REQUIRED', 'The route names no trial.');
        if (!isTrialCode(trialCode)) {
          throw badRequest('INVALID_PARAMETER', 'trialCode is not a trial code.', [
            {
              field: 'trialCode',
              reason: 'must be 2–20 upper-case letters, digits or hyphens, starting with a letter',
            },
          ]);
        }
        const access = await this.trialAccess(trialCode, principal.userId);
        const allowed =
          (rule.admin && principal.isAdmin) || access.roles.some((role) => rule.roles.includes(role));
        if (!allowed) {
          const needed = [...(rule.admin ? ['admin'] : []), ...rule.roles].join(', ');
          throw forbidden(
            'ROLE_REQUIRED',
            `This action needs one of these roles in trial ${access.trialCode}: ${needed}.`,
          );
        }
        request.trialAccess = access;
        return true;
      }
    }
  }

  private async trialAccess(
    trialCode: string,
    userId: string,
  ): Promise<{ trialId: string; trialCode: string; roles: TrialRole[] }> {
    const rows: { id: string; code: string; roles: string[] | null }[] = await this.dataSource.query(
      `SELECT t.id, t.code, array_remove(array_agg(ra.role), NULL) AS roles
       FROM trial t
       LEFT JOIN role_assignment ra ON ra.trial_id = t.id AND ra.user_id = $2 AND ra.revoked_at IS NULL
       WHERE t.code = $1
       GROUP BY t.id, t.code`,
      [trialCode, userId],
    );
    const row = rows[0];
    if (!row) throw notFound('TRIAL_NOT_FOUND', `No trial with code ${trialCode}.`);
    return { trialId: row.id, trialCode: row.code, roles: (row.roles ?? []).filter(isTrialRole) };
  }
}

function bearerToken(request: GuardedRequest): string {
  const header = request.headers['authorization'];
  const value = Array.isArray(header) ? header[0] : header;
  const match = value ? /^Bearer\s+([A-Za-z0-9._~+/=-]+)$/i.exec(value.trim()) : null;
  if (!match?.[1])
    throw unauthenticated(
      'TOKEN_REQUIRED',
      'Send an access token: Authorization: Bearer <token> (POST /api/v1/auth/login).',
    );
  return match[1];
}
