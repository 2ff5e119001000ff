import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * scrypt (RFC 7914), a memory-hard function: N = 2^15, r = 8, p = 1 uses 32 MiB per hash, as
 * OWASP's password storage guidance recommends as a minimum. Parameters are stored with each
 * hash so they can be raised later without invalidating existing passwords.
 */
const DEFAULT_PARAMETERS = { cost: 2 ** 15, blockSize: 8, parallelization: 1, keyLength: 32 } as const;

function scrypt(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCallback(password, salt, keyLength, options, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

function scryptOptions(cost: number, blockSize: number, parallelization: number): ScryptOptions {
  return { N: cost, r: blockSize, p: parallelization, maxmem: 256 * cost * blockSize + 1024 * 1024 };
}

/** `scrypt$<N>$<r>$<p>$<salt b64>$<key b64>` */
export async function hashPassword(password: string): Promise<string> {
  const { cost, blockSize, parallelization, keyLength } = DEFAULT_PARAMETERS;
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, keyLength, scryptOptions(cost, blockSize, parallelization));
  return ['scrypt', cost, blockSize, parallelization, salt.toString('base64'), key.toString('base64')].join(
    '$',
  );
}

/** Constant-time comparison; a malformed stored hash never verifies. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, costText, blockSizeText, parallelizationText, saltText, keyText] = parts as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const cost = Number(costText);
  const blockSize = Number(blockSizeText);
  const parallelization = Number(parallelizationText);
  if (![cost, blockSize, parallelization].every((value) => Number.isInteger(value) && value > 0))
    return false;
  const expected = Buffer.from(keyText, 'base64');
  if (expected.length === 0) return false;
  const actual = await scrypt(
    password,
    Buffer.from(saltText, 'base64'),
    expected.length,
    scryptOptions(cost, blockSize, parallelization),
  );
  return timingSafeEqual(actual, expected);
}

/** A hash no password matches, verified against when the user does not exist so timing does not tell. */
export const UNMATCHABLE_HASH = `scrypt$${2 ** 15}$8$1$${Buffer.alloc(16).toString('base64')}$${Buffer.alloc(32, 1).toString('base64')}`;

export interface PasswordPolicyViolation {
  readonly reason: string;
}

/** Length is what matters (NIST SP 800-63B §3.1.1.2): at least 12 characters, at most 256, not the username. */
export function passwordPolicyViolations(password: string, username: string): string[] {
  const problems: string[] = [];
  if (password.length < 12) problems.push('must be at least 12 characters long');
  if (password.length > 256) problems.push('must be at most 256 characters long');
  if (password.trim().length === 0) problems.push('must not be blank');
  if (username && password.toLowerCase().includes(username.toLowerCase()))
    problems.push('must not contain the username');
  return problems;
}

/** A random password for first-start and resets: 20 characters from an unambiguous alphabet (~110 bits). */
export function generatePassword(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  const bytes = randomBytes(40);
  let password = '';
  for (const byte of bytes) {
    // Rejection sampling keeps the characters uniformly likely.
    if (byte < alphabet.length * Math.floor(256 / alphabet.length))
      password += alphabet[byte % alphabet.length];
    if (password.length === 20) break;
  }
  return password.length === 20 ? password : generatePassword();
}
