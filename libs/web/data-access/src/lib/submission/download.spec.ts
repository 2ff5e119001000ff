import { HttpClient, HttpHeaders, HttpResponse, provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { toApiProblem } from '../api/api-problem';
import { downloadedFileOf, fetchFile, parseContentDisposition, readBlobAsText, saveFile } from './download';

describe('parseContentDisposition', () => {
  it.each([
    ['attachment; filename="MM-RAD-01-ledger.jsonl"', 'MM-RAD-01-ledger.jsonl'],
    ['attachment; filename=dm.xpt', 'dm.xpt'],
    ['attachment; FILENAME="report.pdf"', 'report.pdf'],
    ['attachment; filename="say \\"hi\\".txt"', 'say "hi".txt'],
    ['attachment; filename="a;b.csv"; size=10', 'a;b.csv'],
    // RFC 5987: the extended value wins, whichever comes first
    ['attachment; filename="EUR rates.csv"; filename*=UTF-8\'\'%E2%82%AC%20rates.csv', '€ rates.csv'],
    ['attachment; filename*=UTF-8\'\'%E2%82%AC%20rates.csv; filename="EUR rates.csv"', '€ rates.csv'],
    ["attachment; filename*=utf-8'en'na%C3%AFve.txt", 'naïve.txt'],
    ["attachment; filename*=ISO-8859-1''caf%E9.txt", 'café.txt'],
    // a malformed extended value falls back to the plain name
    ['attachment; filename*=%E2%82; filename="plain.txt"', 'plain.txt'],
    ['attachment; filename*=UTF-8\'\'%E2%82; filename="plain.txt"', 'plain.txt'],
    // no folders, no control characters
    ['attachment; filename="../../etc/passwd"', 'passwd'],
    ['attachment; filename="C:\\\\temp\\\\x.txt"', 'x.txt'],
    ['attachment; filename="bad\u0007name.txt"', 'badname.txt'],
  ])('%s → %s', (header, expected) => {
    expect(parseContentDisposition(header)).toBe(expected);
  });

  it.each([
    null,
    undefined,
    '',
    'inline',
    'attachment',
    'attachment; filename=".."',
    'attachment; filename=""',
  ])('names no file for %p', (header) => {
    expect(parseContentDisposition(header)).toBeNull();
  });
});

describe('downloadedFileOf', () => {
  it('takes the name from the header, else the fallback', () => {
    const blob = new Blob(['x']);
    const named = new HttpResponse({
      body: blob,
      headers: new HttpHeaders({
        'Content-Disposition': 'attachment; filename="a.xpt"',
        'Content-Type': 'application/octet-stream',
      }),
    });
    expect(downloadedFileOf(named, 'fallback.bin')).toEqual({
      blob,
      fileName: 'a.xpt',
      contentType: 'application/octet-stream',
    });
    expect(downloadedFileOf(new HttpResponse({ body: blob }), 'fallback.bin').fileName).toBe('fallback.bin');
  });
});

describe('fetchFile', () => {
  let http: HttpClient;
  let controller: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpClient);
    controller = TestBed.inject(HttpTestingController);
  });
  afterEach(() => controller.verify());

  it('GETs a blob with the query and names it from Content-Disposition', async () => {
    const pending = fetchFile(http, '/api/v1/x/file', {
      params: { path: 'datasets/sdtm/dm.xpt' },
      fallbackName: 'dm.xpt',
    });
    const request = controller.expectOne((candidate) => candidate.url === '/api/v1/x/file');
    expect(request.request.method).toBe('GET');
    expect(request.request.responseType).toBe('blob');
    expect(request.request.params.get('path')).toBe('datasets/sdtm/dm.xpt');
    request.flush(new Blob(['HEADER']), {
      headers: { 'Content-Disposition': "attachment; filename*=UTF-8''dm%20v2.xpt" },
    });
    const file = await pending;
    expect(file.fileName).toBe('dm v2.xpt');
    expect(await readBlobAsText(file.blob)).toBe('HEADER');
  });

  it('turns a refused blob request into the API problem', async () => {
    const pending = fetchFile(http, '/api/v1/x/file', { fallbackName: 'f' });
    const problem = {
      status: 409,
      code: 'PACKAGE_FILE_CHANGED',
      title: 'Conflict',
      detail: 'dm.xpt changed',
      errors: [],
    };
    controller
      .expectOne('/api/v1/x/file')
      .flush(new Blob([JSON.stringify(problem)], { type: 'application/problem+json' }), {
        status: 409,
        statusText: 'Conflict',
      });
    const error = await pending.catch((caught: unknown) => caught);
    expect(toApiProblem(error)).toMatchObject({
      status: 409,
      code: 'PACKAGE_FILE_CHANGED',
      detail: 'dm.xpt changed',
    });
  });
});

describe('saveFile', () => {
  it('clicks a download link named after the file', () => {
    const created: Blob[] = [];
    const original = {
      create: URL.createObjectURL,
      revoke: URL.revokeObjectURL,
      click: HTMLAnchorElement.prototype.click,
    };
    URL.createObjectURL = (blob: Blob) => {
      created.push(blob);
      return 'blob:test';
    };
    URL.revokeObjectURL = () => undefined;
    const clicked: HTMLAnchorElement[] = [];
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      clicked.push(this);
    };
    try {
      const blob = new Blob(['x']);
      saveFile({ blob, fileName: 'MM-RAD-01-ledger.jsonl' });
      expect(created).toEqual([blob]);
      expect(clicked).toHaveLength(1);
      expect(clicked[0]?.download).toBe('MM-RAD-01-ledger.jsonl');
      expect(clicked[0]?.getAttribute('href')).toBe('blob:test');
      expect(document.querySelector('a[download]')).toBeNull();
    } finally {
      URL.createObjectURL = original.create;
      URL.revokeObjectURL = original.revoke;
      HTMLAnchorElement.prototype.click = original.click;
    }
  });
});
