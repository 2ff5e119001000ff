import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { type Observable, firstValueFrom } from 'rxjs';
import { API_BASE, trialPath } from '../api/api-base';
import { type DownloadedFile, fetchFile, withReadableBody } from './download';
import { fileNameOf, manifestJson, sha256Hex } from './manifest';
import type {
  PackageFile,
  PackageSignatureRequest,
  SubmissionPackage,
  SubmissionPackageRequested,
} from './submission.models';
import { type ZipEntry, zipStore } from './zip';

/** How far a whole-package download has got. */
export interface PackageDownloadProgress {
  readonly done: number;
  readonly total: number;
  readonly path: string;
}

/** The package as one ZIP file, each file's size and SHA-256 checked against the manifest. */
export interface PackageArchive extends DownloadedFile {
  readonly files: number;
  /** False where the browser cannot hash (no Web Crypto): sizes were still checked. */
  readonly hashesChecked: boolean;
}

const PARALLEL_DOWNLOADS = 4;

/** Submission packages: build (a job), list, read, sign the manifest, download files. */
@Injectable({ providedIn: 'root' })
export class SubmissionApi {
  private readonly http = inject(HttpClient);
  private readonly apiBase = inject(API_BASE);

  private url(trialCode: string, ...segments: readonly (string | number)[]): string {
    return `${this.apiBase}/${trialPath(trialCode, 'submission-packages', ...segments)}`;
  }

  list(trialCode: string): Observable<SubmissionPackage[]> {
    return this.http.get<SubmissionPackage[]>(this.url(trialCode));
  }

  get(trialCode: string, packageNumber: number): Observable<SubmissionPackage> {
    return this.http.get<SubmissionPackage>(this.url(trialCode, packageNumber));
  }

  /** Starts building a new package (the endpoint takes no options); follow the returned job. */
  request(trialCode: string): Observable<SubmissionPackageRequested> {
    return this.http.post<SubmissionPackageRequested>(this.url(trialCode), {});
  }

  /** Signs the package's manifest (its SHA-256) with the signer's password and meaning. */
  sign(
    trialCode: string,
    packageNumber: number,
    input: PackageSignatureRequest,
  ): Observable<SubmissionPackage> {
    return this.http.post<SubmissionPackage>(this.url(trialCode, packageNumber, 'signatures'), {
      password: input.password,
      meaning: input.meaning,
    });
  }

  /** One file of a built package by its manifest path (the server checks its SHA-256 first). */
  downloadFile(trialCode: string, packageNumber: number, path: string): Promise<DownloadedFile> {
    return fetchFile(this.http, this.url(trialCode, packageNumber, 'file'), {
      params: { path },
      fallbackName: fileNameOf(path),
    });
  }

  /**
   * The whole package as a ZIP (`<trial>-submission-package-<n>.zip`, one folder holding
   * `manifest.json` and every listed file), ready for `prospect verify`. Every file is fetched
   * with the bearer token and checked here against the manifest's size and SHA-256; a mismatch
   * rejects with an Error naming the file.
   */
  async downloadPackage(
    trialCode: string,
    pkg: SubmissionPackage,
    onProgress: (progress: PackageDownloadProgress) => void = () => undefined,
  ): Promise<PackageArchive> {
    const manifest = pkg.manifest;
    if (!manifest) throw new Error(`Package ${pkg.packageNumber} is not built yet.`);
    const folder = `${trialCode.replace(/[^A-Za-z0-9._-]/g, '_')}-submission-package-${pkg.packageNumber}`;
    const files = manifest.files;
    const contents: Uint8Array[] = new Array<Uint8Array>(files.length);
    let hashesChecked = true;
    let done = 0;
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < files.length) {
        const index = next++;
        const file = files[index] as PackageFile;
        let body: ArrayBuffer;
        try {
          body = await firstValueFrom(
            this.http.get(this.url(trialCode, pkg.packageNumber, 'file'), {
              params: { path: file.path },
              responseType: 'arraybuffer',
            }),
          );
        } catch (error) {
          throw await withReadableBody(error);
        }
        if (body.byteLength !== file.bytes) {
          throw new Error(
            `${file.path}: received ${body.byteLength} bytes, the manifest lists ${file.bytes}.`,
          );
        }
        const sha256 = await sha256Hex(body);
        if (sha256 === null) hashesChecked = false;
        else if (sha256 !== file.sha256) {
          throw new Error(`${file.path}: SHA-256 ${sha256} differs from the manifest’s ${file.sha256}.`);
        }
        contents[index] = new Uint8Array(body);
        done++;
        onProgress({ done, total: files.length, path: file.path });
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL_DOWNLOADS, files.length) }, worker));
    const entries: ZipEntry[] = [
      { path: `${folder}/manifest.json`, data: new TextEncoder().encode(manifestJson(manifest)) },
      ...files.map((file, index) => ({
        path: `${folder}/${file.path}`,
        data: contents[index] as Uint8Array,
      })),
    ];
    return {
      blob: zipStore(entries),
      fileName: `${folder}.zip`,
      contentType: 'application/zip',
      files: files.length,
      hashesChecked,
    };
  }
}
