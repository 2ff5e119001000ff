import type { SignatureMeaning } from '../auth/auth.models';
import type { Job } from '../jobs/jobs.api';

/** One file of a built package: its path inside the package, size in bytes and SHA-256 (hex). */
export interface PackageFile {
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
}

/** The package's `manifest.json` (`prospect.submission-package/1`). */
export interface PackageManifest {
  readonly format: string;
  readonly trialCode: string;
  readonly protocolVersion: number;
  /** Database clock when the build started (UTC). */
  readonly builtAt: string;
  readonly files: readonly PackageFile[];
}

/** An electronic signature as the API shows it (`GET /trials/{code}/signatures`). */
export interface Signature {
  readonly id: string;
  readonly signerId: string;
  readonly signerUsername: string;
  readonly printedName: string;
  readonly signedAt: string;
  readonly meaning: SignatureMeaning;
  readonly statement: string;
  readonly recordType: string;
  readonly recordId: string;
  readonly recordSha256: string;
  readonly trialId: string | null;
}

/** The signed record re-hashed and compared with the signature. */
export interface SignatureVerification {
  readonly signatureId: string;
  readonly valid: boolean;
  readonly recordType: string;
  readonly recordId: string;
  readonly signedSha256: string;
  readonly currentSha256: string | null;
  readonly reason: string;
}

export type SubmissionPackageStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'built';

/** A submission package (`GET /trials/{code}/submission-packages/{n}`). */
export interface SubmissionPackage {
  readonly packageNumber: number;
  readonly requestedAt: string;
  readonly requestedBy: string;
  readonly status: SubmissionPackageStatus;
  readonly jobId: string;
  readonly manifestSha256: string | null;
  readonly builtAt: string | null;
  readonly manifest: PackageManifest | null;
  readonly signatures: readonly Signature[];
}

/** The answer to a build request: the job building it and the package as requested. */
export interface SubmissionPackageRequested {
  readonly job: Job;
  readonly package: SubmissionPackage;
}

/** What the build job reports while it runs (`job.result`). */
export interface PackageBuildProgress {
  readonly step: string;
  readonly done: number;
  readonly total: number;
}

/** The signer's input for signing a package's manifest (21 CFR 11.200: the password again). */
export interface PackageSignatureRequest {
  readonly password: string;
  readonly meaning: SignatureMeaning;
}
