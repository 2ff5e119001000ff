import { Inject, Injectable } from '@nestjs/common';
import { chmod, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createPrivateKey, randomUUID } from 'node:crypto';
import { keyIdOf } from '@prospect/ledger';
import { APP_CONFIG, type AppConfig } from '@prospect/platform';

const KEY_ID = /^[0-9a-f]{64}$/;
const UUID = /^[0-9a-f-]{36}$/;

/**
 * The private Ed25519 keys of the trials' logs, one PKCS#8 PEM file per key under
 * `LEDGER_KEY_DIR/<trial id>/<key id>.pem` (folder 0700, file 0600). Kept out of the database on
 * purpose: whoever can read or rewrite the database still cannot sign a tree head. Every API and
 * worker process that signs heads needs the same folder (a shared volume or a secret mount).
 */
@Injectable()
export class LedgerKeyStore {
  constructor(@Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'ledgerKeyDir'>) {}

  /** Stores a new key; refuses a PEM whose public key is not `keyId`. Written atomically. */
  async save(trialId: string, keyId: string, privateKeyPem: string): Promise<void> {
    const path = this.pathOf(trialId, keyId);
    if (keyIdOf(createPrivateKey(privateKeyPem)) !== keyId)
      throw new Error(`private key does not match key id ${keyId}`);
    const folder = join(this.config.ledgerKeyDir, trialId);
    await mkdir(folder, { recursive: true, mode: 0o700 });
    const temporary = join(folder, `.${randomUUID()}.tmp`);
    const handle = await open(temporary, 'wx', 0o600);
    try {
      await handle.writeFile(privateKeyPem, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await chmod(temporary, 0o600);
    await rename(temporary, path).catch(async (error: unknown) => {
      await rm(temporary, { force: true });
      throw error;
    });
  }

  /** The private key, or a clear error naming the file an operator must restore. */
  async load(trialId: string, keyId: string): Promise<string> {
    const path = this.pathOf(trialId, keyId);
    let pem: string;
    try {
      pem = await readFile(path, 'utf8');
    } catch {
      throw new Error(
        `The signing key ${keyId} of this trial's ledger is missing from ${path}; restore it from backup or rotate the key.`,
      );
    }
    if (keyIdOf(createPrivateKey(pem)) !== keyId)
      throw new Error(`The key file ${path} does not hold key ${keyId}.`);
    return pem;
  }

  private pathOf(trialId: string, keyId: string): string {
    // Both come from the database, never from a request; checked anyway so no path can escape the folder.
    if (!UUID.test(trialId) || !KEY_ID.test(keyId)) throw new Error('invalid trial or key id for a key file');
    return join(this.config.ledgerKeyDir, trialId, `${keyId}.pem`);
  }
}
