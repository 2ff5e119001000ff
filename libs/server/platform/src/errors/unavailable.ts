import { QueryFailedError } from 'typeorm';

/** Node's socket errors of a server that is down, restarting or unreachable. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * SQLSTATEs of a database that cannot serve right now: class 08 (connection exception), and
 * 57P01–57P03 (shut down by an administrator, crash shutdown, cannot connect now — starting up).
 */
function unavailableSqlState(code: string): boolean {
  return code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03';
}

/** node-postgres's own messages for a connection lost or never made. */
const DRIVER_MESSAGES = [
  /^Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /^Client has encountered a connection error/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
];

/**
 * Whether an error means the database is unreachable (a restart, a failover, a network cut)
 * rather than that the request or the code is wrong: such requests get 503 with Retry-After, and
 * nothing was committed (a transaction whose connection died is rolled back by the server).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    const candidate = current as {
      code?: unknown;
      message?: unknown;
      driverError?: unknown;
      cause?: unknown;
    };
    if (typeof candidate.code === 'string') {
      if (NETWORK_CODES.has(candidate.code)) return true;
      if (/^[0-9A-Z]{5}$/.test(candidate.code) && unavailableSqlState(candidate.code)) return true;
    }
    if (
      typeof candidate.message === 'string' &&
      DRIVER_MESSAGES.some((pattern) => pattern.test(candidate.message as string))
    )
      return true;
    current =
      current instanceof QueryFailedError
        ? candidate.driverError
        : (candidate.driverError ?? candidate.cause);
  }
  return false;
}
