import { type DynamicModule, Module } from '@nestjs/common';
import { MIGRATIONS, PROSPECT_ENTITIES } from '@prospect/migrations';
import { PlatformModule, type AppConfig } from '@prospect/platform';
import { TrialsModule } from '@prospect/trials';
import { EnrollmentModule } from '@prospect/enrollment';
import { ModelRegistryModule } from '@prospect/model-registry';
import { ImagingModule } from '@prospect/imaging-server';
import { LocksModule } from '@prospect/locks';
import { OutcomesModule } from '@prospect/outcomes';

/** Which process is starting: it decides HTTP controllers and who consumes background jobs. */
export type ProcessRole = 'api' | 'worker' | 'cli';

/**
 * The platform and every bounded context, composed once for the API, the worker and the CLI.
 * A new bounded context is added here, and all three processes get it.
 */
@Module({})
export class ProspectModule {
  static forRoot(config: AppConfig, role: ProcessRole): DynamicModule {
    const http = role === 'api';
    return {
      module: ProspectModule,
      imports: [
        PlatformModule.forRoot({
          config,
          database: { entities: PROSPECT_ENTITIES, migrations: MIGRATIONS },
          http,
          // Deployments (MIGRATE_ON_START unset) refuse a schema older than the code; embedded mode migrates.
          migrateOnStart: config.migrateOnStart,
          jobConsumer: role === 'cli' ? 'none' : role,
        }),
        TrialsModule.register({ http }),
        EnrollmentModule.register({ http }),
        ModelRegistryModule.register({ http }),
        ImagingModule.register({ http }),
        LocksModule.register({ http }),
        OutcomesModule.register({ http }),
      ],
    };
  }
}
