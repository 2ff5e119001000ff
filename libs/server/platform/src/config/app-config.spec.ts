import { resolve } from 'node:path';
import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('defaults to embedded PGlite under ./data and in-process jobs', () => {
    const config = loadConfig({}, '/srv/prospect');
    expect(config.database).toEqual({ kind: 'embedded', dataDir: '/srv/prospect/data/pglite' });
    expect(config.queue).toEqual({ kind: 'in-process' });
    expect(config.migrateOnStart).toBe(true);
    expect(config.fhir).toBeNull();
    expect(config.port).toBe(3000);
    expect(config.auth.tokenKeyFile).toBe('/srv/prospect/data/keys/auth-token.key');
    expect(config.auth.bootstrapAdminPassword).toBeNull();
  });

  it('uses PostgreSQL, BullMQ and a FHIR server when their URLs are set', () => {
    const config = loadConfig(
      {
        DATABASE_URL: 'postgres://prospect@db:5432/prospect',
        REDIS_URL: 'redis://cache:6379',
        FHIR_BASE_URL: 'https://fhir.example.org/r4/',
        DATA_DIR: '/var/lib/prospect',
        AUTH_TOKEN_KEY_FILE: 'keys/token.key',
        PORT: '8080',
      },
      '/srv',
    );
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://prospect@db:5432/prospect' });
    expect(config.queue).toEqual({ kind: 'bullmq', redisUrl: 'redis://cache:6379', prefix: 'prospect' });
    expect(config.migrateOnStart).toBe(false);
    expect(config.fhir).toEqual({
      baseUrl: 'https://fhir.example.org/r4',
      bearerTokenFile: null,
      basicAuthFile: null,
    });
    expect(config.dataDir).toBe('/var/lib/prospect');
    expect(config.auth.tokenKeyFile).toBe(resolve('/srv', 'keys/token.key'));
    expect(config.port).toBe(8080);
  });

  it('names every bad variable at once and never echoes a URL that may hold a password', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://user:secret@db/prospect',
        REDIS_URL: 'not a url:secret',
        NODE_ENV: 'staging',
        BOOTSTRAP_ADMIN_PASSWORD: 'short',
        CORS_ORIGINS: 'https://ok.example, ftp://bad',
        AUTH_ACCESS_TOKEN_TTL_SECONDS: '5',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems.map((problem) => problem.variable).sort()).toEqual([
      'AUTH_ACCESS_TOKEN_TTL_SECONDS',
      'BOOTSTRAP_ADMIN_PASSWORD',
      'CORS_ORIGINS',
      'DATABASE_URL',
      'NODE_ENV',
      'PORT',
      'REDIS_URL',
    ]);
    expect((error as Error).message).toContain('PORT: must be an integer from 0 to 65535, got "eighty"');
    expect((error as Error).message).toContain('DATABASE_URL: must use postgres: or postgresql:, got mysql:');
    expect((error as Error).message).not.toContain('secret');
  });

  it('takes FHIR credentials from files, one kind at a time, only with a FHIR server', () => {
    expect(
      loadConfig(
        { FHIR_BASE_URL: 'https://fhir.example.org', FHIR_BEARER_TOKEN_FILE: 'secrets/fhir-token' },
        '/srv',
      ).fhir,
    ).toEqual({
      baseUrl: 'https://fhir.example.org',
      bearerTokenFile: '/srv/secrets/fhir-token',
      basicAuthFile: null,
    });
    expect(() =>
      loadConfig({
        FHIR_BASE_URL: 'https://f.example',
        FHIR_BEARER_TOKEN_FILE: 'a',
        FHIR_BASIC_AUTH_FILE: 'b',
      }),
    ).toThrow('set either FHIR_BEARER_TOKEN_FILE or FHIR_BASIC_AUTH_FILE');
    expect(() => loadConfig({ FHIR_BEARER_TOKEN_FILE: 'a' })).toThrow(
      'FHIR_BEARER_TOKEN_FILE: needs FHIR_BASE_URL',
    );
    expect(loadConfig({}).fhirSandboxPatients).toBe(40);
  });

  it('rate-limits logins and refreshes per client address, trusting no proxy unless told', () => {
    expect(loadConfig({}).auth.rateLimit).toEqual({
      windowSeconds: 60,
      loginPerAddressAndUsername: 10,
      loginPerAddress: 30,
      refreshPerAddress: 60,
    });
    expect(loadConfig({}).trustProxy).toBe(0);
    const configured = loadConfig({
      AUTH_RATE_LIMIT_WINDOW_SECONDS: '300',
      AUTH_LOGIN_RATE_LIMIT: '5',
      AUTH_LOGIN_RATE_LIMIT_PER_ADDRESS: '50',
      AUTH_REFRESH_RATE_LIMIT: '100',
      TRUST_PROXY: '1',
    });
    expect(configured.auth.rateLimit).toEqual({
      windowSeconds: 300,
      loginPerAddressAndUsername: 5,
      loginPerAddress: 50,
      refreshPerAddress: 100,
    });
    expect(configured.trustProxy).toBe(1);
    // Tests log in hundreds of times from 127.0.0.1; explicit settings still win.
    expect(loadConfig({ NODE_ENV: 'test' }).auth.rateLimit.loginPerAddress).toBe(10_000);
    expect(loadConfig({ NODE_ENV: 'test', AUTH_LOGIN_RATE_LIMIT: '3' }).auth.rateLimit).toMatchObject({
      loginPerAddressAndUsername: 3,
    });
    expect(() => loadConfig({ AUTH_LOGIN_RATE_LIMIT: '0', TRUST_PROXY: 'yes' })).toThrow(
      /AUTH_LOGIN_RATE_LIMIT: must be an integer from 1[\s\S]*TRUST_PROXY: must be an integer from 0 to 10/,
    );
  });

  it('refuses a documented or common bootstrap password in production', () => {
    for (const guessable of [
      'a long one-time secret',
      'Password123456',
      'aaaaaaaaaaaabbbb',
      'prospect-2026!',
    ]) {
      expect(() => loadConfig({ NODE_ENV: 'production', BOOTSTRAP_ADMIN_PASSWORD: guessable })).toThrow(
        'BOOTSTRAP_ADMIN_PASSWORD: is a documented example or a common password',
      );
    }
    expect(() => loadConfig({ NODE_ENV: 'production', BOOTSTRAP_ADMIN_PASSWORD: 'secret' })).toThrow(
      'BOOTSTRAP_ADMIN_PASSWORD: must be at least 12 characters',
    );
    expect(
      loadConfig({ NODE_ENV: 'production', BOOTSTRAP_ADMIN_PASSWORD: 'Vq7-hT2m-Lx9w-Rk4z' }).auth
        .bootstrapAdminPassword,
    ).toBe('Vq7-hT2m-Lx9w-Rk4z');
  });

  it('silences logs in tests unless asked', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).logLevel).toBe('silent');
    expect(loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'debug' }).logLevel).toBe('debug');
    expect(loadConfig({}).logFile).toBeNull();
    expect(loadConfig({ LOG_FILE: 'logs/api.log' }, '/srv').logFile).toBe('/srv/logs/api.log');
  });
});
