import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { pathSegments, valueAt } from './trial-definition';
import { TrialRegistrationPage } from './trial-registration-page';
import { must, provideHttpTesting, settleAll } from '../../../testing';

const DEFINITION = {
  code: 'MM-RAD-02',
  title: 'Radiomics in myeloma',
  indication: 'myeloma',
  sites: [{ code: 'HD01', name: 'Heidelberg' }],
  protocol: { interimPlan: { looks: [{ informationFraction: 0.5 }, { informationFraction: 1.5 }] } },
};

async function setUp() {
  TestBed.configureTestingModule({
    providers: [...provideHttpTesting()],
  });
  const fixture = TestBed.createComponent(TrialRegistrationPage);
  fixture.detectChanges();
  await settleAll(fixture);
  const element = fixture.nativeElement as HTMLElement;
  const type = async (text: string) => {
    const area = must(element.querySelector<HTMLTextAreaElement>('#definition-text'));
    area.value = text;
    area.dispatchEvent(new Event('input'));
    await settleAll(fixture);
  };
  const submit = () => must(element.querySelector<HTMLButtonElement>('button[type="submit"]'));
  return { fixture, http: TestBed.inject(HttpTestingController), element, type, submit };
}

describe('TrialRegistrationPage', () => {
  afterEach(() => TestBed.inject(HttpTestingController).verify());

  it('checks the JSON before sending and shows each field the API refuses with the value sent', async () => {
    const { fixture, http, element, type, submit } = await setUp();
    await type('{ "code": ');
    expect(element.querySelector('#definition-error')?.textContent).toContain('Not valid JSON');
    expect(submit().disabled).toBe(true);

    await type(JSON.stringify(DEFINITION, null, 2));
    expect(element.textContent).toContain('MM-RAD-02');
    submit().click();
    await settleAll(fixture);
    const post = http.expectOne('/api/v1/trials');
    expect(post.request.method).toBe('POST');
    expect(post.request.body).toEqual(DEFINITION);
    post.flush(
      {
        title: 'Unprocessable Entity',
        status: 422,
        code: 'INVALID_TRIAL_DEFINITION',
        detail: 'The trial definition is not valid.',
        errors: [
          { field: 'protocol.interimPlan.looks[1].informationFraction', reason: 'Must be at most 1' },
          { field: 'protocol.primaryEndpoint', reason: 'Required' },
        ],
      },
      { status: 422, statusText: 'Unprocessable Entity' },
    );
    await settleAll(fixture);
    const rows = Array.from(element.querySelectorAll('table tbody tr')).map((row) =>
      Array.from(row.querySelectorAll('td, th')).map((cell) => cell.textContent?.trim()),
    );
    expect(rows).toEqual([
      [
        'protocol.interimPlan',
        'protocol.interimPlan.looks[1].informationFraction',
        'Must be at most 1',
        '1.5',
      ],
      ['protocol.primaryEndpoint', 'protocol.primaryEndpoint', 'Required', '(absent)'],
    ]);
    expect(element.querySelector('[role="alert"]')?.textContent).toContain(
      'The trial definition is not valid.',
    );
  });

  it('registers the trial and links to its overview to approve the protocol', async () => {
    const { fixture, http, element, type, submit } = await setUp();
    await type(JSON.stringify(DEFINITION));
    submit().click();
    await settleAll(fixture);
    http.expectOne('/api/v1/trials').flush({
      id: 'trial-2',
      code: 'MM-RAD-02',
      title: 'Radiomics in myeloma',
      indication: 'myeloma',
      createdAt: '2027-01-01T00:00:00.000Z',
      sites: [{ code: 'HD01', name: 'Heidelberg' }],
      protocolInForce: null,
      latestProtocolVersion: 1,
    });
    await settleAll(fixture);
    http.expectOne('/api/v1/trials').flush([]);
    await settleAll(fixture);
    const link = Array.from(element.querySelectorAll('a')).find((anchor) =>
      anchor.textContent?.includes('approve the protocol'),
    );
    expect(link?.getAttribute('href')).toBe('/trials/MM-RAD-02/overview');
    expect(element.textContent).toContain('protocol version 1 as a draft');
  });
});

describe('trial definition paths', () => {
  it('reads issue paths the way the API writes them', () => {
    expect(pathSegments('sites[0]["site name"]')).toEqual(['sites', 0, 'site name']);
    expect(valueAt(DEFINITION, 'sites[0].code')).toBe('"HD01"');
    expect(valueAt(DEFINITION, 'body')).toBe('(the whole document)');
  });
});
