import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** What `prospect verify` finds about a submission package's manifest. */
export interface PackageCheck {
  readonly ok: boolean;
  readonly trialCode: string | null;
  readonly files: number;
  readonly problems: readonly string[];
}

interface ManifestFile {
  path: string;
  bytes: number;
  sha256: string;
}

/** Whether `directory` is a submission package (its manifest names the package format). */
export function isSubmissionPackage(directory: string): boolean {
  try {
    const manifest = JSON.parse(readFileSync(join(directory, 'manifest.json'), 'utf8')) as {
      format?: unknown;
    };
    return manifest.format === 'prospect.submission-package/1';
  } catch {
    return false;
  }
}

function filesBelow(directory: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(directory)) {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) found.push(...filesBelow(path));
    else found.push(path);
  }
  return found;
}

/**
 * Checks a package against its `manifest.json`: every listed file exists with the listed size
 * and SHA-256, no listed path leaves the package, and no file is present that the manifest does
 * not list (an added file would otherwise ride along unsigned).
 */
export function checkSubmissionPackage(directory: string): PackageCheck {
  const problems: string[] = [];
  let manifest: { trialCode?: string; files?: ManifestFile[] };
  try {
    manifest = JSON.parse(readFileSync(join(directory, 'manifest.json'), 'utf8')) as typeof manifest;
  } catch (error) {
    return { ok: false, trialCode: null, files: 0, problems: [`manifest.json: ${(error as Error).message}`] };
  }
  const listed = new Set<string>();
  for (const file of manifest.files ?? []) {
    if (typeof file.path !== 'string' || file.path.startsWith('/') || file.path.split('/').includes('..')) {
      problems.push(`manifest lists a path outside the package: ${String(file.path)}`);
      continue;
    }
    listed.add(file.path);
    let bytes: Buffer;
    try {
      bytes = readFileSync(join(directory, file.path));
    } catch {
      problems.push(`${file.path}: listed in the manifest but missing`);
      continue;
    }
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (bytes.length !== file.bytes)
      problems.push(`${file.path}: ${bytes.length} bytes, the manifest says ${file.bytes}`);
    if (sha256 !== file.sha256)
      problems.push(`${file.path}: SHA-256 ${sha256}, the manifest says ${file.sha256}`);
  }
  for (const path of filesBelow(directory)) {
    const inside = relative(directory, path).split(sep).join('/');
    if (inside !== 'manifest.json' && !listed.has(inside))
      problems.push(`${inside}: present but not in the manifest`);
  }
  return { ok: problems.length === 0, trialCode: manifest.trialCode ?? null, files: listed.size, problems };
}
