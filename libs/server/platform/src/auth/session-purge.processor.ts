import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { JobProcessor } from '../queue/job-processor';
import { JobRegistry } from '../queue/job-registry';

export const SESSION_PURGE_JOB = 'auth.purge-ended-sessions';

/** Sessions are kept 30 days after they end (for incident review), then deleted; logins stay in the audit trail. */
export const SESSION_RETENTION_DAYS = 30;

/** Deletes refresh sessions that ended (expired or revoked) more than the retention period ago, hourly. */
@Injectable()
export class SessionPurgeProcessor implements JobProcessor, OnModuleInit {
  readonly jobName = SESSION_PURGE_JOB;
  readonly every = { ms: 3600_000, payload: { retentionDays: SESSION_RETENTION_DAYS } };
  private readonly logger = new Logger('SessionPurge');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: JobRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.add(this);
  }

  async process(payload: unknown): Promise<void> {
    const retentionDays = Number(
      (payload as { retentionDays?: unknown } | null)?.retentionDays ?? SESSION_RETENTION_DAYS,
    );
    if (!Number.isInteger(retentionDays) || retentionDays < 1)
      throw new Error(`invalid retentionDays ${String(retentionDays)}`);
    const [, deleted]: [unknown, number] = await this.dataSource.query(
      `DELETE FROM user_session
       WHERE COALESCE(revoked_at, expires_at) < now() - make_interval(days => $1)`,
      [retentionDays],
    );
    if (deleted > 0) this.logger.log({ deleted }, 'purged ended sessions');
  }
}
