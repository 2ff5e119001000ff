import { type DynamicModule, Module } from '@nestjs/common';
import { MIGRATIONS, PROSPECT_ENTITIES } from '@prospect/migrations';
import { PlatformModule, type AppConfig } from '@prospect/platform';
import { TrialsModule } from '@prospect/trials';

/** The HTTP API: the platform plus every bounded context, with their controllers. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({
          config,
          database: { entities: PROSPECT_ENTITIES, migrations: MIGRATIONS },
          http: true,
          migrateOnStart: config.migrateOnStart,
          jobConsumer: 'api',
        }),
        TrialsModule.register({ http: true }),
      ],
    };
  }
}
