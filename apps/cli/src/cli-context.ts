import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ProspectModule } from '@prospect/composition';
import { createProspectDataSource } from '@prospect/migrations';
import type { AppConfig } from '@prospect/platform';
import type { DataSource } from 'typeorm';

/** Runs `action` with the same services the API uses (no HTTP), then shuts them down. */
export async function withServices<T>(
  config: AppConfig,
  action: (context: INestApplicationContext) => Promise<T>,
): Promise<T> {
  const context = await NestFactory.createApplicationContext(ProspectModule.forRoot(config, 'cli'), {
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
