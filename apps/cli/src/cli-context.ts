import { type INestApplicationContext, Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createProspectDataSource, MIGRATIONS, PROSPECT_ENTITIES } from '@prospect/migrations';
import { PlatformModule, type AppConfig } from '@prospect/platform';
import { TrialsModule } from '@prospect/trials';
import type { DataSource } from 'typeorm';

@Module({})
class CliModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CliModule,
      imports: [
        PlatformModule.forRoot({
          config,
          database: { entities: PROSPECT_ENTITIES, migrations: MIGRATIONS },
          http: false,
          migrateOnStart: config.migrateOnStart,
          jobConsumer: 'none',
        }),
        TrialsModule.register({ http: false }),
      ],
    };
  }
}

/** Runs `action` with the same services the API uses (no HTTP), then shuts them down. */
export async function withServices<T>(
  config: AppConfig,
  action: (context: INestApplicationContext) => Promise<T>,
): Promise<T> {
  const context = await NestFactory.createApplicationContext(CliModule.forRoot(config), {
    logger: false,
    abortOnError: false,
  });
  try {
    return await action(context);
  } finally {
    await context.close();
  }
}

/** A bare data source for schema work (migrate), without the services that expect a current schema. */
export async function withDataSource<T>(
  config: AppConfig,
  action: (dataSource: DataSource) => Promise<T>,
): Promise<T> {
  const dataSource = await createProspectDataSource(config.database).initialize();
  try {
    return await action(dataSource);
  } finally {
    await dataSource.destroy();
  }
}
