import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { SYSTEM_ACTOR } from '../auth/actor';
import { UsersService } from '../auth/users.service';
import { DomainError } from '../errors/domain-error';

export const FIRST_ADMIN_USERNAME = 'admin';

/**
 * Creates the first administrator when there is no user at all, never with a default password:
 * from `BOOTSTRAP_ADMIN_PASSWORD` when set, otherwise (embedded mode only) with a random one-time
 * password printed once on the console. Either must be changed at first login.
 */
@Injectable()
export class FirstAdminBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger('FirstAdmin');

  constructor(
    private readonly users: UsersService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if ((await this.users.count()) > 0) return;
    const fromSecret = this.config.auth.bootstrapAdminPassword;
    if (!fromSecret && this.config.database.kind === 'postgres') {
      this.logger.warn(
        'No user exists yet. Create the first administrator: npm run -s prospect -- user create --admin --username <name> --display-name "<printed name>"',
      );
      return;
    }
    try {
      const { temporaryPassword } = await this.users.create(SYSTEM_ACTOR, {
        username: FIRST_ADMIN_USERNAME,
        displayName: 'Administrator',
        isAdmin: true,
        ...(fromSecret ? { password: fromSecret } : {}),
      });
      if (temporaryPassword) printOnce(temporaryPassword);
      else
        this.logger.log(
          'Created the first administrator from BOOTSTRAP_ADMIN_PASSWORD; change it at first login.',
        );
    } catch (error) {
      // Another instance created it first.
      if (error instanceof DomainError && error.code === 'USERNAME_TAKEN') return;
      throw error;
    }
  }
}

function printOnce(password: string): void {
  // Straight to the terminal, not the log stream: a secret must not end up in log storage.
  process.stdout.write(
    [
      '',
      '  ┌──────────────────────────────────────────────────────────────┐',
      '  │ First start: an administrator account was created.           │',
      `  │   username: ${FIRST_ADMIN_USERNAME.padEnd(49)}│`,
      `  │   one-time password: ${password.padEnd(40)}│`,
      '  │ It is shown only now. Log in and change it at once.          │',
      '  └──────────────────────────────────────────────────────────────┘',
      '',
      '',
    ].join('\n'),
  );
}
