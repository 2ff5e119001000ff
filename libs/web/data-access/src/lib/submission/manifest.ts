import type { PackageFile, PackageManifest } from './submission.models';

/** Files of one folder of a package, with what the folder holds. */
export interface ManifestGroup {
  /** The folder inside the package (`''` for the package root). */
  readonly folder: string;
  readonly label: string;
  readonly description: string;
  readonly files: readonly PackageFile[];
  readonly bytes: number;
}

interface FolderInfo {
  readonly label: string;
  readonly description: string;
}

/** Known folders, in the order a reviewer reads them. */
const FOLDERS: readonly (readonly [string, FolderInfo])[] = [
  [
    'datasets',
    {
      label: 'Dataset definitions and reviewer’s guide',
      description: 'define.xml (CDISC Define-XML) describing every dataset, and the reviewer’s guide.',
    },
  ],
  [
    'datasets/sdtm',
    {
      label: 'CDISC SDTM datasets',
      description: 'Tabulation datasets as SAS transport (XPT), CDISC Dataset-JSON and CSV.',
    },
  ],
  [
    'datasets/adam',
    {
      label: 'CDISC ADaM datasets',
      description: 'Analysis datasets as SAS transport (XPT), CDISC Dataset-JSON and CSV.',
    },
  ],
  ['report', { label: 'Trial report', description: 'The report with its figures, as HTML and PDF.' }],
  [
    'results',
    {
      label: 'Analysis results',
      description: 'Every interim look and economic evaluation as computed, with their hashes.',
    },
  ],
  [
    'ledger',
    {
      label: 'Ledger and proofs',
      description:
        'The prediction-lock log as JSON lines: entries, signed tree heads, inclusion and consistency proofs.',
    },
  ],
  ['audit', { label: 'Audit trail', description: 'Every audited action in the trial, as recorded.' }],
];

const ORDER = new Map(FOLDERS.map(([folder], index) => [folder, index]));
const INFO = new Map(FOLDERS);

/** The folder part of a manifest path (`''` for a file at the root). */
export function folderOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

/** The file name part of a manifest path. */
export function fileNameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** What kind of file a manifest path is, in words a reviewer knows. */
export function fileKind(path: string): string {
  const name = fileNameOf(path).toLowerCase();
  if (name === 'define.xml') return 'Define-XML';
  const extension = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1) : '';
  const inDatasets = path.startsWith('datasets/');
  switch (extension) {
    case 'xpt':
      return 'SAS transport (XPT)';
    case 'json':
      return inDatasets ? 'Dataset-JSON' : 'JSON';
    case 'jsonl':
      return 'JSON lines';
    case 'csv':
      return 'CSV';
    case 'html':
      return 'HTML';
    case 'pdf':
      return 'PDF';
    case 'xml':
      return 'XML';
    case 'md':
      return 'Markdown';
    default:
      return extension ? extension.toUpperCase() : 'File';
  }
}

/**
 * The manifest's files grouped by folder: known folders first in reading order (definitions,
 * SDTM, ADaM, report, results, ledger, audit), then any other folder alphabetically; files by
 * path within a folder.
 */
export function groupManifest(files: readonly PackageFile[]): ManifestGroup[] {
  const byFolder = new Map<string, PackageFile[]>();
  for (const file of files) {
    const folder = folderOf(file.path);
    const list = byFolder.get(folder) ?? [];
    list.push(file);
    byFolder.set(folder, list);
  }
  return [...byFolder.entries()]
    .sort(([a], [b]) => {
      const rankA = ORDER.get(a) ?? Number.MAX_SAFE_INTEGER;
      const rankB = ORDER.get(b) ?? Number.MAX_SAFE_INTEGER;
      return rankA !== rankB ? rankA - rankB : a < b ? -1 : a > b ? 1 : 0;
    })
    .map(([folder, list]) => {
      const info = INFO.get(folder);
      return {
        folder,
        label: info?.label ?? (folder === '' ? 'Package root' : folder),
        description: info?.description ?? '',
        files: [...list].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
        bytes: list.reduce((sum, file) => sum + file.bytes, 0),
      };
    });
}

/** A byte count for people: `1.4 MB`, `512 B` (binary multiples, one decimal). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/**
 * `manifest.json` byte for byte as the server writes it into the package (its members in the
 * server's order, two-space indent, final newline), for a downloaded package to carry it.
 */
export function manifestJson(manifest: PackageManifest): string {
  const ordered = {
    format: manifest.format,
    trialCode: manifest.trialCode,
    protocolVersion: manifest.protocolVersion,
    builtAt: manifest.builtAt,
    files: manifest.files.map((file) => ({ path: file.path, bytes: file.bytes, sha256: file.sha256 })),
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

/**
 * RFC 8785 canonical JSON (members sorted by name, no whitespace), as the API hashes a manifest
 * before storing and signing its SHA-256.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && Object.is(value, -0)) return '0';
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const members = Object.entries(value as Record<string, unknown>)
    .filter(([, member]) => member !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${members.map(([name, member]) => `${JSON.stringify(name)}:${canonicalJson(member)}`).join(',')}}`;
}

/** Hex SHA-256 with Web Crypto; null where it is not available (plain-HTTP origins). */
export async function sha256Hex(data: BufferSource | string): Promise<string | null> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return null;
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const digest = await subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}
