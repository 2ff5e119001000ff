import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { LedgerApi } from './ledger.api';

describe('LedgerApi', () => {
  let api: LedgerApi;
  let controller: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    api = TestBed.inject(LedgerApi);
    controller = TestBed.inject(HttpTestingController);
  });
  afterEach(() => controller.verify());

  it('reads the public face, the heads and the verification', async () => {
    const calls: [Promise<unknown>, string][] = [
      [firstValueFrom(api.summary('MM')), '/api/v1/trials/MM/ledger'],
      [firstValueFrom(api.treeHeads('MM')), '/api/v1/trials/MM/ledger/tree-heads'],
      [firstValueFrom(api.latestTreeHead('MM')), '/api/v1/trials/MM/ledger/tree-heads/latest'],
      [firstValueFrom(api.verify('MM')), '/api/v1/trials/MM/ledger/verify'],
    ];
    for (const [pending, url] of calls) {
      controller.expectOne({ method: 'GET', url }).flush({ url });
      expect(await pending).toEqual({ url });
    }
  });

  it('publishes a signed tree head with an empty body', async () => {
    const pending = firstValueFrom(api.publishTreeHead('MM'));
    const request = controller.expectOne({ method: 'POST', url: '/api/v1/trials/MM/ledger/tree-heads' });
    expect(request.request.body).toEqual({});
    request.flush({ treeSize: 40 });
    expect((await pending).treeSize).toBe(40);
  });

  it('downloads the export and the receipts as blobs named by the server', async () => {
    const exported = api.exportLog('MM');
    const exportRequest = controller.expectOne('/api/v1/trials/MM/ledger/export');
    expect(exportRequest.request.responseType).toBe('blob');
    exportRequest.flush(new Blob(['{}\n']), {
      headers: { 'Content-Disposition': 'attachment; filename="MM-ledger.jsonl"' },
    });
    expect((await exported).fileName).toBe('MM-ledger.jsonl');

    const receipts = api.lockReceipts('MM');
    controller.expectOne('/api/v1/trials/MM/lock-receipts').flush(new Blob(['{}\n']));
    expect((await receipts).fileName).toBe('MM-lock-receipts.jsonl');
  });
});
