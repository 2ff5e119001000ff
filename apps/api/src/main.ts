import 'reflect-metadata';
import { resolve } from 'node:path';
import { ConfigError, loadConfig } from '@prospect/platform';
import { createHttpApp } from '@prospect/composition';

async function main(): Promise<void> {
  const config = loadConfig();
  const { app } = await createHttpApp(config, { defaultWebRoot: resolve(__dirname, '../web/browser') });
  await app.listen(config.port, config.host);
  const url = `http://localhost:${config.port}`;
  process.stdout.write(
    `Prospect API listening on ${url} (database: ${config.database.kind === 'postgres' ? 'PostgreSQL' : 'embedded PGlite'}, ` +
      `jobs: ${config.queue.kind}). API docs: ${url}/api/docs\n`,
  );
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(78); // EX_CONFIG
  }
  process.stderr.write(
    `Prospect API failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
