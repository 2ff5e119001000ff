import { HttpTestingController } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { SessionStore, type TrialRole } from '@prospect/web-data-access';
import { LedgerPage } from './ledger-page';
import { provideHttpTesting, provideTrialContext, settle, settleUntil } from '../../../testing';

const SUMMARY = {
  trialCode: 'MM',
  treeSize: 39,
  publicKeys: [
    {
      keyId: 'a1'.repeat(32),
      publicKey: 'KZ_anchor',
      leafIndex: 0,
      reason: 'initial',
      createdAt: '2026-11-28T05:09:37.972Z',
    },
    {
      keyId: 'c3'.repeat(32),
      publicKey: 'KZ_rotated',
      leafIndex: 20,
      reason: 'scheduled',
      createdAt: '2026-11-28T06:00:00.000Z',
    },
  ],
  latestTreeHead: null,
};
const HEADS = [
  {
    trialCode: 'MM',
    treeSize: 1,
    rootHash: 'd1'.repeat(32),
    timestamp: '2026-11-28T05:09:38.077Z',
    keyId: 'a1'.repeat(32),
    signature: 's',
    reason: 'trial-created',
    cosignatures: [],
  },
  {
    trialCode: 'MM',
    treeSize: 39,
    rootHash: 'd9'.repeat(32),
    timestamp: '2026-11-28T05:09:50.268Z',
    keyId: 'a1'.repeat(32),
    signature: 's',
    reason: 'lock-batch',
    cosignatures: [
      {
        witness: 'dmc-witness',
        keyId: 'e5'.repeat(32),
        timestamp: '2026-11-28T05:10:00.000Z',
        signature: 'w',
        witnessPublicKey: 'k',
      },
    ],
  },
];

async function setup(
  roles: TrialRole[],
  admin = false,
): Promise<{ fixture: ComponentFixture<LedgerPage>; http: HttpTestingController; el: HTMLElement }> {
  TestBed.configureTestingModule({
    providers: [
      ...provideHttpTesting(),
      provideTrialContext(roles, 'MM'),
      { provide: SessionStore, useValue: { isAdmin: () => admin } },
    ],
  });
  const http = TestBed.inject(HttpTestingController);
  const fixture = TestBed.createComponent(LedgerPage);
  fixture.detectChanges();
  http.expectOne({ method: 'GET', url: '/api/v1/trials/MM/ledger' }).flush(SUMMARY);
  http.expectOne({ method: 'GET', url: '/api/v1/trials/MM/ledger/tree-heads' }).flush(HEADS);
  await settle(fixture);
  return { fixture, http, el: fixture.nativeElement as HTMLElement };
}

/** Lets the page's promises resolve, then renders. */
const buttons = (el: HTMLElement): string[] =>
  Array.from(el.querySelectorAll('button, a.button'))
    .map((button) => button.textContent?.trim() ?? '')
    .filter((text) => !/^Cop(y|ied)$/.test(text));

function captureSaves(): { names: string[]; restore: () => void } {
  const names: string[] = [];
  const original = {
    create: URL.createObjectURL,
    revoke: URL.revokeObjectURL,
    click: HTMLAnchorElement.prototype.click,
  };
  URL.createObjectURL = () => 'blob:test';
  URL.revokeObjectURL = () => undefined;
  HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
    names.push(this.download);
  };
  return {
    names,
    restore: () => {
      URL.createObjectURL = original.create;
      // jsdom has no revokeObjectURL; saveFile revokes on a timer that may fire after this test.
      URL.revokeObjectURL = original.revoke ?? ((): void => undefined);
      HTMLAnchorElement.prototype.click = original.click;
    },
  };
}

describe('LedgerPage', () => {
  afterEach(() => TestBed.inject(HttpTestingController).verify());

  it('shows the keys with the trust anchor first and the heads newest first', async () => {
    const { el } = await setup(['regulatory']);
    expect(el.querySelector('h1')?.textContent).toContain('Transparency ledger');
    const [keys, heads] = Array.from(el.querySelectorAll('table'));
    const keyRows = Array.from(keys?.querySelectorAll('tbody tr') ?? []);
    expect(keyRows[0]?.textContent).toContain('Trust anchor');
    expect(keyRows[0]?.textContent).toContain('a1a1a1a1a1a1');
    expect(keyRows[1]?.textContent).toContain('Rotation 1');
    expect(el.textContent).toMatch(/Key rotations\s*1/);
    const headRows = Array.from(heads?.querySelectorAll('tbody tr') ?? []);
    expect(headRows[0]?.textContent).toContain('39');
    expect(headRows[0]?.textContent).toContain('Latest');
    expect(headRows[0]?.textContent).toContain('dmc-witness');
    expect(headRows[1]?.textContent).toContain('Trial created');
  });

  it('gives a regulatory user verify, export and receipts, but not publishing', async () => {
    const { el } = await setup(['regulatory']);
    expect(buttons(el)).toEqual([
      'Export the log (JSON lines)',
      'Download lock receipts',
      'Electronic signatures',
      'Verify the ledger',
    ]);
  });

  it('hides verify, export, receipts and signatures from the outcome assessor', async () => {
    const { el } = await setup(['outcome-assessor']);
    expect(buttons(el)).toEqual([]);
    expect(el.textContent).not.toContain('Verify offline');
  });

  it('lets the administrator publish a head (and verify and export, but not download receipts)', async () => {
    const { fixture, http, el } = await setup([], true);
    expect(buttons(el)).toEqual([
      'Export the log (JSON lines)',
      'Publish a signed tree head',
      'Electronic signatures',
      'Verify the ledger',
    ]);
    const publish = Array.from(el.querySelectorAll('button')).find((button) =>
      button.textContent?.includes('Publish'),
    );
    publish?.click();
    const request = http.expectOne({ method: 'POST', url: '/api/v1/trials/MM/ledger/tree-heads' });
    expect(request.request.body).toEqual({});
    request.flush({ ...HEADS[1], treeSize: 40, reason: 'on-request', cosignatures: [] });
    await settle(fixture);
    http.expectOne('/api/v1/trials/MM/ledger').flush({ ...SUMMARY, treeSize: 40 });
    http.expectOne('/api/v1/trials/MM/ledger/tree-heads').flush(HEADS);
    await settle(fixture);
    expect(el.querySelector('[role="status"].notice')?.textContent).toContain(
      'Signed a new tree head covering 40 entries',
    );
  });

  it('exports the log as a blob saved under the server’s file name', async () => {
    const saves = captureSaves();
    try {
      const { fixture, http, el } = await setup(['monitor']);
      Array.from(el.querySelectorAll('button'))
        .find((button) => button.textContent?.includes('Export'))
        ?.click();
      const request = http.expectOne('/api/v1/trials/MM/ledger/export');
      expect(request.request.responseType).toBe('blob');
      request.flush(new Blob(['{"type":"ledger-export"}\n']), {
        headers: { 'Content-Disposition': 'attachment; filename="MM-ledger.jsonl"' },
      });
      await settle(fixture);
      expect(saves.names).toEqual(['MM-ledger.jsonl']);
    } finally {
      saves.restore();
    }
  });

  it('shows the API problem when the export is refused', async () => {
    const { fixture, http, el } = await setup(['monitor']);
    Array.from(el.querySelectorAll('button'))
      .find((button) => button.textContent?.includes('receipts'))
      ?.click();
    http.expectOne('/api/v1/trials/MM/lock-receipts').flush(
      new Blob([
        JSON.stringify({
          status: 403,
          code: 'FORBIDDEN',
          title: 'Forbidden',
          detail: 'Not for you.',
          errors: [],
        }),
      ]),
      {
        status: 403,
        statusText: 'Forbidden',
      },
    );
    // The problem is read out of the Blob body: asynchronous, over a varying number of turns.
    await settleUntil(fixture, () => el.querySelector('[role="alert"]') !== null);
    expect(el.querySelector('[role="alert"]')?.textContent).toContain('Not for you.');
  });
});
