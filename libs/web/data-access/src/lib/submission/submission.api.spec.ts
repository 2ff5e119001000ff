import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { createHash, webcrypto } from 'node:crypto';
import { firstValueFrom } from 'rxjs';
import { SignaturesApi } from './signatures.api';
import { SubmissionApi } from './submission.api';
import type { SubmissionPackage } from './submission.models';

const BASE = '/api/v1/trials/MM%2FRAD/submission-packages';
const encoder = new TextEncoder();
const sha = (text: string): string => createHash('sha256').update(text).digest('hex');
/** An ArrayBuffer of this realm (the testing backend checks instanceof). */
function bufferOf(text: string): ArrayBuffer {
  const bytes = encoder.encode(text);
  const buffer = new ArrayBuffer(bytes.length);
  new Uint8Array(buffer).set(bytes);
  return buffer;
}

function builtPackage(files: Record<string, string>): SubmissionPackage {
  return {
    packageNumber: 3,
    requestedAt: '2026-11-28T05:09:56.138Z',
    requestedBy: 'u1',
    status: 'built',
    jobId: 'j1',
    manifestSha256: 'f'.repeat(64),
    builtAt: '2026-11-28T05:09:56.714Z',
    manifest: {
      format: 'prospect.submission-package/1',
      trialCode: 'MM/RAD',
      protocolVersion: 1,
      builtAt: '2026-11-28T05:09:56.153Z',
      files: Object.entries(files).map(([path, text]) => ({
        path,
        bytes: encoder.encode(text).length,
        sha256: sha(text),
      })),
    },
    signatures: [],
  };
}

function readBytes(blob: Blob): Promise<Uint8Array> {
  return new Promise((resolve) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
    reader.readAsArrayBuffer(blob);
  });
}

describe('SubmissionApi', () => {
  let api: SubmissionApi;
  let controller: HttpTestingController;
  const crypto = globalThis.crypto as { subtle?: unknown };
  const originalSubtle = crypto.subtle;

  beforeEach(() => {
    // Node's Web Crypto, fed bytes copied into Node's realm (jsdom's ArrayBuffer is another realm's).
    const subtle = {
      digest: (algorithm: string, data: ArrayBuffer) =>
        webcrypto.subtle.digest(algorithm, Buffer.from(new Uint8Array(data))),
    };
    Object.defineProperty(crypto, 'subtle', { value: subtle, configurable: true });
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    api = TestBed.inject(SubmissionApi);
    controller = TestBed.inject(HttpTestingController);
  });
  afterEach(() => {
    controller.verify();
    Object.defineProperty(crypto, 'subtle', { value: originalSubtle, configurable: true });
  });

  it('lists, reads, builds and signs with the right methods, URLs and bodies', async () => {
    const list = firstValueFrom(api.list('MM/RAD'));
    controller.expectOne({ method: 'GET', url: BASE }).flush([]);
    expect(await list).toEqual([]);

    const one = firstValueFrom(api.get('MM/RAD', 3));
    controller.expectOne({ method: 'GET', url: `${BASE}/3` }).flush(builtPackage({}));
    expect((await one).packageNumber).toBe(3);

    const build = firstValueFrom(api.request('MM/RAD'));
    const buildRequest = controller.expectOne({ method: 'POST', url: BASE });
    expect(buildRequest.request.body).toEqual({});
    buildRequest.flush({ job: { id: 'j9' }, package: { packageNumber: 4 } });
    expect((await build).job.id).toBe('j9');

    const sign = firstValueFrom(api.sign('MM/RAD', 3, { password: 'secret', meaning: 'approval' }));
    const signRequest = controller.expectOne({ method: 'POST', url: `${BASE}/3/signatures` });
    expect(signRequest.request.body).toEqual({ password: 'secret', meaning: 'approval' });
    signRequest.flush(builtPackage({}));
    await sign;
  });

  it('downloads one file by its manifest path, named by Content-Disposition', async () => {
    const pending = api.downloadFile('MM/RAD', 3, 'datasets/sdtm/dm.xpt');
    const request = controller.expectOne((candidate) => candidate.url === `${BASE}/3/file`);
    expect(request.request.params.get('path')).toBe('datasets/sdtm/dm.xpt');
    expect(request.request.responseType).toBe('blob');
    request.flush(new Blob(['x']), { headers: { 'Content-Disposition': 'attachment; filename="dm.xpt"' } });
    expect((await pending).fileName).toBe('dm.xpt');
  });

  it('downloads the whole package as a ZIP, checking every file against the manifest', async () => {
    const files = { 'datasets/define.xml': '<ODM/>', 'ledger/ledger.jsonl': '{"type":"ledger-export"}\n' };
    const pkg = builtPackage(files);
    const progress: number[] = [];
    const pending = api.downloadPackage('MM/RAD', pkg, (step) => progress.push(step.done));
    for (const [path, text] of Object.entries(files)) {
      const request = controller.expectOne(
        (candidate) => candidate.url === `${BASE}/3/file` && candidate.params.get('path') === path,
      );
      expect(request.request.responseType).toBe('arraybuffer');
      request.flush(bufferOf(text));
    }
    const archive = await pending;
    expect(archive.fileName).toBe('MM_RAD-submission-package-3.zip');
    expect(archive.files).toBe(2);
    expect(archive.hashesChecked).toBe(true);
    expect(progress).toEqual([1, 2]);
    const text = new TextDecoder().decode(await readBytes(archive.blob));
    expect(text).toContain('MM_RAD-submission-package-3/manifest.json');
    expect(text).toContain('"format": "prospect.submission-package/1"');
    expect(text).toContain('MM_RAD-submission-package-3/ledger/ledger.jsonl');
    expect(text).toContain('<ODM/>');
  });

  it('refuses a package whose file does not match its SHA-256', async () => {
    const pkg = builtPackage({ 'datasets/define.xml': '<ODM/>' });
    const pending = api.downloadPackage('MM/RAD', pkg);
    controller.expectOne((candidate) => candidate.url === `${BASE}/3/file`).flush(bufferOf('<XXX/>'));
    await expect(pending).rejects.toThrow(/datasets\/define\.xml: SHA-256 .* differs from the manifest/);
  });

  it('refuses a package that is not built', async () => {
    await expect(api.downloadPackage('MM/RAD', { ...builtPackage({}), manifest: null })).rejects.toThrow(
      /not built/,
    );
  });
});

describe('SignaturesApi', () => {
  it('lists signatures and asks for one verification', async () => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    const api = TestBed.inject(SignaturesApi);
    const controller = TestBed.inject(HttpTestingController);
    const list = firstValueFrom(api.list('MM'));
    controller.expectOne({ method: 'GET', url: '/api/v1/trials/MM/signatures' }).flush([]);
    await list;
    const check = firstValueFrom(api.verify('MM', 's-1'));
    controller
      .expectOne({ method: 'GET', url: '/api/v1/trials/MM/signatures/s-1/verification' })
      .flush({ valid: true });
    expect((await check).valid).toBe(true);
    controller.verify();
  });
});
