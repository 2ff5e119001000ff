import { type DynamicModule, Module } from '@nestjs/common';
import { MIGRATIONS, PROSPECT_ENTITIES } from '@prospect/migrations';
import { PlatformModule, type AppConfig } from '@prospect/platform';
import { TrialsModule } from '@prospect/trials';

/** The worker: every bounded context's services and job processors, no HTTP. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        PlatformModule.forRoot({
          config,
          database: { entities: PROSPECT_ENTITIES, migrations: MIGRATIONS },
          http: false,
          // In deployments (MIGRATE_ON_START unset) the worker refuses a schema older than its code.
          migrateOnStart: config.migrateOnStart,
          jobConsumer: 'worker',
        }),
        TrialsModule.register({ http: false }),
      ],
    };
  }
}
