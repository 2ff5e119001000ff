import { isAbsolute, resolve } from 'node:path';

/** Where the platform keeps its data, reached, and signed. Read once at start-up, then injected. */
export interface AppConfig {
  readonly nodeEnv: 'development' | 'production' | 'test';
  readonly port: number;
  readonly host: string;
  /** Folder for the embedded database, keys and stored files. */
  readonly dataDir: string;
  readonly database:
    | { readonly kind: 'postgres'; readonly url: string }
    | { readonly kind: 'embedded'; readonly dataDir: string | null };
  /** Apply pending migrations at start-up: always for the embedded database, opt-in (`MIGRATE_ON_START`) for PostgreSQL. */
  readonly migrateOnStart: boolean;
  readonly queue:
    | { readonly kind: 'bullmq'; readonly redisUrl: string; readonly prefix: string }
    | { readonly kind: 'in-process' };
  /**
   * Background jobs: a job whose worker stopped answering (killed) is run again by another after
   * `stalledAfterMs`; the database's queued jobs are (re)handed to the queue every `relayEveryMs`.
   */
  readonly jobs: { readonly stalledAfterMs: number; readonly relayEveryMs: number };
  readonly fhir: {
    readonly baseUrl: string;
    /** Files holding the credentials (secrets are never in the environment itself). */
    readonly bearerTokenFile: string | null;
    readonly basicAuthFile: string | null;
  } | null;
  /** Without FHIR_BASE_URL: patients per example trial loaded into the in-process sandbox FHIR server. */
  readonly fhirSandboxPatients: number;
  readonly auth: {
    /** File holding the HMAC key for access tokens; generated under DATA_DIR in embedded mode when absent. */
    readonly tokenKeyFile: string;
    readonly accessTokenTtlSeconds: number;
    readonly refreshTokenTtlSeconds: number;
    readonly maxFailedLogins: number;
    readonly lockoutMinutes: number;
    /** One-time password for the first admin, from a deployment secret; never a default. */
    readonly bootstrapAdminPassword: string | null;
    /**
     * Attempts allowed per sliding window (in memory, per API process): logins per client address
     * and username, logins per client address, refreshes per client address.
     */
    readonly rateLimit: {
      readonly windowSeconds: number;
      readonly loginPerAddressAndUsername: number;
      readonly loginPerAddress: number;
      readonly refreshPerAddress: number;
    };
  };
  /**
   * How many reverse proxies in front of the API to trust for the client address (`X-Forwarded-For`);
   * 0: the socket's address, which a client cannot forge.
   */
  readonly trustProxy: number;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** File the JSON log lines are appended to instead of standard output. */
  readonly logFile: string | null;
  /** Folder with the built web application to serve on the API's port, if present. */
  readonly webRoot: string | null;
  readonly corsOrigins: readonly string[];
  readonly bodyLimit: string;
  /** Largest upload (an image series, a mask, a model), in bytes, and most files per upload. */
  readonly uploads: { readonly maxBytes: number; readonly maxFiles: number };
  /** Where content-addressed files (images, masks, models) are kept: a folder under DATA_DIR unless set. */
  readonly blobDir: string;
  /**
   * Folder holding each trial's private Ed25519 log keys (`<trial id>/<key id>.pem`, mode 0600): under
   * DATA_DIR unless set; never in the database, so a database dump cannot forge tree heads.
   */
  readonly ledgerKeyDir: string;
  /**
   * What a lock writes to the FHIR server: `full` (RiskAssessment with the probability) or
   * `commitment-only` (for blinded studies: that a prediction was locked, and its commitment).
   */
  readonly lockWriteBack: 'full' | 'commitment-only';
}

/** One problem per bad variable, named, so the operator fixes them all at once. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly { variable: string; reason: string }[]) {
    super(
      `Invalid configuration:\n${problems.map((problem) => `  ${problem.variable}: ${problem.reason}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Reads and validates the configuration from environment variables.
 * Unset `DATABASE_URL` means embedded PGlite under `DATA_DIR`; unset `REDIS_URL` means jobs run in process.
 *
 * @throws {ConfigError} naming every variable that is malformed.
 */
export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): AppConfig {
  const problems: { variable: string; reason: string }[] = [];
  const reader = new EnvReader(env, problems);

  const nodeEnv = reader.oneOf('NODE_ENV', ['development', 'production', 'test'] as const, 'development');
  const port = reader.integer('PORT', 3000, 0, 65535);
  const host = reader.string('HOST', '0.0.0.0');
  const dataDir = resolvePath(reader.string('DATA_DIR', './data'), cwd);
  const databaseUrl = reader.url('DATABASE_URL', ['postgres:', 'postgresql:']);
  const redisUrl = reader.url('REDIS_URL', ['redis:', 'rediss:']);
  const queuePrefix = reader.string('QUEUE_PREFIX', 'prospect');
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(queuePrefix))
    problems.push({ variable: 'QUEUE_PREFIX', reason: 'must be 1–40 letters, digits, _ or -' });
  const stalledAfterSeconds = reader.integer('QUEUE_STALLED_SECONDS', 30, 2, 600);
  const relayEverySeconds = reader.integer('QUEUE_RELAY_SECONDS', 10, 1, 3600);
  const migrateOnStart =
    reader.oneOf('MIGRATE_ON_START', ['true', 'false'] as const, databaseUrl ? 'false' : 'true') === 'true';
  const fhirBaseUrl = reader.url('FHIR_BASE_URL', ['http:', 'https:']);
  const fhirBearerTokenFile = reader.string('FHIR_BEARER_TOKEN_FILE', '');
  const fhirBasicAuthFile = reader.string('FHIR_BASIC_AUTH_FILE', '');
  if (fhirBearerTokenFile && fhirBasicAuthFile) {
    problems.push({
      variable: 'FHIR_BASIC_AUTH_FILE',
      reason: 'set either FHIR_BEARER_TOKEN_FILE or FHIR_BASIC_AUTH_FILE, not both',
    });
  }
  if ((fhirBearerTokenFile || fhirBasicAuthFile) && !fhirBaseUrl) {
    problems.push({
      variable: fhirBearerTokenFile ? 'FHIR_BEARER_TOKEN_FILE' : 'FHIR_BASIC_AUTH_FILE',
      reason: 'needs FHIR_BASE_URL',
    });
  }
  const fhirSandboxPatients = reader.integer('FHIR_SANDBOX_PATIENTS', 40, 0, 5000);
  const tokenKeyFile = reader.string('AUTH_TOKEN_KEY_FILE', '');
  const accessTokenTtlSeconds = reader.integer('AUTH_ACCESS_TOKEN_TTL_SECONDS', 900, 60, 86_400);
  const refreshTokenTtlSeconds = reader.integer('AUTH_REFRESH_TOKEN_TTL_SECONDS', 8 * 3600, 300, 30 * 86_400);
  const maxFailedLogins = reader.integer('AUTH_MAX_FAILED_LOGINS', 5, 1, 100);
  const lockoutMinutes = reader.integer('AUTH_LOCKOUT_MINUTES', 15, 1, 7 * 24 * 60);
  const bootstrapAdminPassword = reader.string('BOOTSTRAP_ADMIN_PASSWORD', '') || null;
  if (
    bootstrapAdminPassword !== null &&
    (bootstrapAdminPassword.length < 12 || /admin/i.test(bootstrapAdminPassword))
  ) {
    problems.push({
      variable: 'BOOTSTRAP_ADMIN_PASSWORD',
      reason: 'must be at least 12 characters and not contain the username "admin"',
    });
  } else if (
    nodeEnv === 'production' &&
    bootstrapAdminPassword !== null &&
    isGuessable(bootstrapAdminPassword)
  ) {
    problems.push({
      variable: 'BOOTSTRAP_ADMIN_PASSWORD',
      reason:
        'is a documented example or a common password; use a generated secret (e.g. openssl rand -base64 24)',
    });
  }
  // Tests log in hundreds of times from one address: their limits are high unless set.
  const rateLimitFallback = (limit: number): number => (nodeEnv === 'test' ? 10_000 : limit);
  const rateLimit = {
    windowSeconds: reader.integer('AUTH_RATE_LIMIT_WINDOW_SECONDS', 60, 1, 86_400),
    loginPerAddressAndUsername: reader.integer('AUTH_LOGIN_RATE_LIMIT', rateLimitFallback(10), 1, 100_000),
    loginPerAddress: reader.integer('AUTH_LOGIN_RATE_LIMIT_PER_ADDRESS', rateLimitFallback(30), 1, 100_000),
    refreshPerAddress: reader.integer('AUTH_REFRESH_RATE_LIMIT', rateLimitFallback(60), 1, 100_000),
  };
  const trustProxy = reader.integer('TRUST_PROXY', 0, 0, 10);
  const logLevel = reader.oneOf('LOG_LEVEL', LOG_LEVELS, nodeEnv === 'test' ? 'silent' : 'info');
  const logFileSetting = reader.string('LOG_FILE', '');
  const webRootSetting = reader.string('WEB_ROOT', '');
  const corsOrigins = reader
    .string('CORS_ORIGINS', '')
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin.length > 0);
  for (const origin of corsOrigins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) {
      problems.push({
        variable: 'CORS_ORIGINS',
        reason: `"${origin}" is not an origin like https://host:port`,
      });
    }
  }
  const bodyLimit = reader.string('BODY_LIMIT', '1mb');
  if (!/^\d+(kb|mb)$/.test(bodyLimit))
    problems.push({ variable: 'BODY_LIMIT', reason: 'must look like 512kb or 1mb' });

  const uploadLimitMb = reader.integer('UPLOAD_LIMIT_MB', 600, 1, 16_384);
  const uploadMaxFiles = reader.integer('UPLOAD_MAX_FILES', 2000, 1, 100_000);
  const blobDirSetting = reader.string('BLOB_DIR', '');
  const ledgerKeyDirSetting = reader.string('LEDGER_KEY_DIR', '');
  const lockWriteBack = reader.oneOf('LOCK_WRITE_BACK', ['full', 'commitment-only'] as const, 'full');

  if (problems.length > 0) throw new ConfigError(problems);

  return {
    nodeEnv,
    port,
    host,
    dataDir,
    database: databaseUrl
      ? { kind: 'postgres', url: databaseUrl }
      : { kind: 'embedded', dataDir: resolve(dataDir, 'pglite') },
    migrateOnStart,
    queue: redisUrl ? { kind: 'bullmq', redisUrl, prefix: queuePrefix } : { kind: 'in-process' },
    jobs: { stalledAfterMs: stalledAfterSeconds * 1000, relayEveryMs: relayEverySeconds * 1000 },
    fhir: fhirBaseUrl
      ? {
          baseUrl: fhirBaseUrl.replace(/\/+$/, ''),
          bearerTokenFile: fhirBearerTokenFile ? resolvePath(fhirBearerTokenFile, cwd) : null,
          basicAuthFile: fhirBasicAuthFile ? resolvePath(fhirBasicAuthFile, cwd) : null,
        }
      : null,
    fhirSandboxPatients,
    auth: {
      tokenKeyFile: tokenKeyFile
        ? resolvePath(tokenKeyFile, cwd)
        : resolve(dataDir, 'keys', 'auth-token.key'),
      accessTokenTtlSeconds,
      refreshTokenTtlSeconds,
      maxFailedLogins,
      lockoutMinutes,
      bootstrapAdminPassword,
      rateLimit,
    },
    trustProxy,
    logLevel,
    logFile: logFileSetting ? resolvePath(logFileSetting, cwd) : null,
    webRoot: webRootSetting ? resolvePath(webRootSetting, cwd) : null,
    corsOrigins,
    bodyLimit,
    uploads: { maxBytes: uploadLimitMb * 1024 * 1024, maxFiles: uploadMaxFiles },
    blobDir: blobDirSetting ? resolvePath(blobDirSetting, cwd) : resolve(dataDir, 'blobs'),
    ledgerKeyDir: ledgerKeyDirSetting
      ? resolvePath(ledgerKeyDirSetting, cwd)
      : resolve(dataDir, 'keys', 'ledger'),
    lockWriteBack,
  };
}

/** Example values from the documentation and the commonest password stems: known to anyone who looks. */
const GUESSABLE_PASSWORD_PARTS = [
  'a long one-time secret',
  'password',
  'passwort',
  'changeme',
  'change-me',
  'letmein',
  'prospect',
  'secret123',
  'qwerty',
  '123456',
] as const;

function isGuessable(password: string): boolean {
  const lower = password.toLowerCase();
  return GUESSABLE_PASSWORD_PARTS.some((part) => lower.includes(part)) || new Set(lower).size < 6;
}

function resolvePath(path: string, cwd: string): string {
  return isAbsolute(path) ? path : resolve(cwd, path);
}

class EnvReader {
  constructor(
    private readonly env: Env,
    private readonly problems: { variable: string; reason: string }[],
  ) {}

  string(variable: string, fallback: string): string {
    const value = this.env[variable]?.trim();
    return value === undefined || value === '' ? fallback : value;
  }

  integer(variable: string, fallback: number, min: number, max: number): number {
    const raw = this.string(variable, '');
    if (raw === '') return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      this.problems.push({ variable, reason: `must be an integer from ${min} to ${max}, got "${raw}"` });
      return fallback;
    }
    return Number(raw);
  }

  oneOf<const T extends readonly string[]>(variable: string, allowed: T, fallback: T[number]): T[number] {
    const raw = this.string(variable, '');
    if (raw === '') return fallback;
    if (!allowed.includes(raw)) {
      this.problems.push({ variable, reason: `must be one of ${allowed.join(', ')}, got "${raw}"` });
      return fallback;
    }
    return raw;
  }

  url(variable: string, protocols: readonly string[]): string | null {
    const raw = this.string(variable, '');
    if (raw === '') return null;
    let parsed: URL;
    try {
      parsed = new URL(raw);
    } catch {
      // The value may hold a password: name the variable, never echo the value.
      this.problems.push({ variable, reason: `is not a valid URL (expected ${protocols.join(' or ')}//…)` });
      return null;
    }
    if (!protocols.includes(parsed.protocol)) {
      this.problems.push({ variable, reason: `must use ${protocols.join(' or ')}, got ${parsed.protocol}` });
      return null;
    }
    return raw;
  }
}
