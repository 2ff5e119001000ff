export type {
  PackageBuildProgress,
  PackageFile,
  PackageManifest,
  PackageSignatureRequest,
  Signature,
  SignatureVerification,
  SubmissionPackage,
  SubmissionPackageRequested,
  SubmissionPackageStatus,
} from './submission.models';
export { SubmissionApi, type PackageArchive, type PackageDownloadProgress } from './submission.api';
export { SignaturesApi } from './signatures.api';
export {
  fetchFile,
  downloadedFileOf,
  parseContentDisposition,
  readBlobAsText,
  saveFile,
  withReadableBody,
  type DownloadedFile,
} from './download';
export {
  canonicalJson,
  fileKind,
  fileNameOf,
  folderOf,
  formatBytes,
  groupManifest,
  manifestJson,
  sha256Hex,
  type ManifestGroup,
} from './manifest';
export { crc32, zipStore, type ZipEntry } from './zip';
export { PACKAGE_READER_ROLES, PACKAGE_SIGNER_ROLES, SIGNATURE_READER_ROLES } from './submission.roles';
