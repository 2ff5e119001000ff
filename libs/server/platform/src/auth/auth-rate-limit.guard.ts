import {
  type CanActivate,
  type ExecutionContext,
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { AuditService } from '../audit/audit.service';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { attempt, SlidingWindowRateLimiter } from './rate-limiter';

export type RateLimitedAction = 'login' | 'refresh';

const RATE_LIMITED_ACTION = 'prospect:rate-limited-action';

/** Marks a public authentication endpoint whose attempts `AuthRateLimitGuard` counts. */
export const RateLimited = (action: RateLimitedAction): MethodDecorator & ClassDecorator =>
  SetMetadata(RATE_LIMITED_ACTION, action);

/**
 * Limits password guessing and token probing beyond the per-account lockout: logins per client
 * address and username, logins per client address (many usernames from one place), refreshes per
 * client address. Answers 429 problem+json with `Retry-After`; the first refusal of each burst is
 * audited (`auth.<action>.rate-limited`, with the address and the attempted username, never the
 * password). The client address is the socket's unless `TRUST_PROXY` names proxies to believe.
 */
@Injectable()
export class AuthRateLimitGuard implements CanActivate {
  private readonly loginPerAddressAndUsername: SlidingWindowRateLimiter;
  private readonly loginPerAddress: SlidingWindowRateLimiter;
  private readonly refreshPerAddress: SlidingWindowRateLimiter;

  constructor(
    private readonly reflector: Reflector,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    const { windowSeconds, loginPerAddressAndUsername, loginPerAddress, refreshPerAddress } =
      config.auth.rateLimit;
    const windowMs = windowSeconds * 1000;
    this.loginPerAddressAndUsername = new SlidingWindowRateLimiter({
      limit: loginPerAddressAndUsername,
      windowMs,
    });
    this.loginPerAddress = new SlidingWindowRateLimiter({ limit: loginPerAddress, windowMs });
    this.refreshPerAddress = new SlidingWindowRateLimiter({ limit: refreshPerAddress, windowMs });
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const action = this.reflector.get<RateLimitedAction | undefined>(
      RATE_LIMITED_ACTION,
      context.getHandler(),
    );
    if (!action) return true;
    const request = context.switchToHttp().getRequest<Request & { id?: string | number }>();
    const address = clientAddress(request);
    const body = request.body as { username?: unknown } | undefined;
    const username =
      action === 'login' && typeof body?.username === 'string'
        ? body.username.trim().toLowerCase().slice(0, 64)
        : null;
    const decision = attempt(
      action === 'login'
        ? [
            { limiter: this.loginPerAddress, key: address },
            { limiter: this.loginPerAddressAndUsername, key: `${address}\u0000${username ?? ''}` },
          ]
        : [{ limiter: this.refreshPerAddress, key: address }],
    );
    if (decision.allowed) return true;

    if (decision.firstRefusal) {
      const { windowSeconds } = this.config.auth.rateLimit;
      await this.audit.recordAlone(
        {
          userId: null,
          username,
          requestId: request.id === undefined ? null : String(request.id),
        },
        {
          action: `auth.${action}.rate-limited`,
          entityType: 'user',
          after: {
            clientAddress: address,
            ...(username === null ? {} : { username }),
            windowSeconds,
            retryAfterSeconds: decision.retryAfterSeconds,
          },
        },
      );
    }
    context
      .switchToHttp()
      .getResponse<Response>()
      .setHeader('Retry-After', String(decision.retryAfterSeconds));
    throw new HttpException(
      `Too many ${action === 'login' ? 'login' : 'token refresh'} attempts from this address; try again in ${decision.retryAfterSeconds} s.`,
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}

/** Express's `request.ip` honours `trust proxy` (set from TRUST_PROXY); otherwise it is the socket's address. */
function clientAddress(request: Request): string {
  return request.ip ?? request.socket.remoteAddress ?? 'unknown';
}
