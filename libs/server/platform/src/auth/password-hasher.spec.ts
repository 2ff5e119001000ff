import {
  generatePassword,
  hashPassword,
  passwordPolicyViolations,
  UNMATCHABLE_HASH,
  verifyPassword,
} from './password-hasher';

describe('password hashing (scrypt)', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hashPassword('correct horse battery staple');
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    await expect(verifyPassword('correct horse battery staple', hash)).resolves.toBe(true);
    await expect(verifyPassword('correct horse battery stapl', hash)).resolves.toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same password here')).not.toBe(await hashPassword('same password here'));
  });

  it.each(['', 'bcrypt$1$2', 'scrypt$0$8$1$AA==$AA==', 'scrypt$x$8$1$AA==$AA==', 'scrypt$16384$8$1$AA==$'])(
    'never verifies against the malformed hash %p',
    async (stored) => {
      await expect(verifyPassword('anything at all', stored)).resolves.toBe(false);
    },
  );

  it('has an unmatchable hash for unknown users', async () => {
    await expect(verifyPassword('', UNMATCHABLE_HASH)).resolves.toBe(false);
  });
});

describe('password policy', () => {
  it.each([
    ['short', 'alice', ['must be at least 12 characters long']],
    ['x'.repeat(257), 'alice', ['must be at most 256 characters long']],
    ['            ', 'alice', ['must not be blank']],
    ['my-ALICE-password', 'alice', ['must not contain the username']],
    ['a long enough passphrase', 'alice', []],
  ])('%p for %p', (password, username, expected) => {
    expect(passwordPolicyViolations(password, username)).toEqual(expected);
  });

  it('generates passwords that pass the policy', () => {
    const passwords = new Set(Array.from({ length: 50 }, () => generatePassword()));
    expect(passwords.size).toBe(50);
    for (const password of passwords) {
      expect(password).toMatch(/^[A-HJ-NP-Za-km-z2-9]{20}$/);
      expect(passwordPolicyViolations(password, 'admin')).toEqual([]);
    }
  });
});
