import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Bundle, Observation, OperationOutcome, Patient } from '@medplum/fhirtypes';
import { type FhirSandbox, type FhirSandboxRequest, startFhirSandbox } from '../sandbox';
import { FhirGateway, type FhirGatewayOptions } from './fhir-gateway';
import { FhirRequestError } from './fhir-request-error';

const MRN = 'urn:oid:1.2.36.146.595.217.0.1';
/** Short enough to keep the suite fast, long enough not to flake. */
const FAST: Partial<FhirGatewayOptions> = { timeoutMs: 2000, retries: 4, backoffMs: 5 };

let sandbox: FhirSandbox;
const seen: FhirSandboxRequest[] = [];

beforeAll(async () => {
  sandbox = await startFhirSandbox({ onRequest: (req) => seen.push(req) });
  await sandbox.load({
    resourceType: 'Bundle',
    type: 'collection',
    entry: [
      { resource: patientWith('gw-patient', 'MRN-GW-1') },
      ...Array.from({ length: 45 }, (_, i) => ({
        resource: heartRate(`gw-obs-${i}`, 'Patient/gw-patient', 60 + i),
      })),
    ],
  });
});

afterAll(async () => {
  await sandbox.close();
});

function gateway(options: Partial<FhirGatewayOptions> = {}): FhirGateway {
  return new FhirGateway({ baseUrl: sandbox.baseUrl, ...FAST, ...options });
}

function patientWith(id: string | undefined, mrn: string): Patient {
  return {
    resourceType: 'Patient',
    ...(id ? { id } : {}),
    identifier: [{ system: MRN, value: mrn }],
    name: [{ family: 'Gateway', given: ['Gia'] }],
    birthDate: '1970-01-01',
  };
}

function heartRate(id: string | undefined, subject: string, value: number): Observation {
  return {
    resourceType: 'Observation',
    ...(id ? { id } : {}),
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
    subject: { reference: subject },
    valueQuantity: { value, unit: '/min' },
  };
}

async function failure(promise: Promise<unknown>): Promise<FhirRequestError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(FhirRequestError);
  return err as FhirRequestError;
}

interface Stub {
  baseUrl: string;
  hits: () => number;
  close: () => Promise<void>;
}

/** A tiny HTTP server; `handler` answers hit n (1-based), or `forward` passes it to the sandbox. */
async function stub(
  handler: (req: IncomingMessage, res: ServerResponse, hit: number, forward: () => void) => void,
): Promise<Stub> {
  let hits = 0;
  const target = new URL(sandbox.baseUrl);
  const server = createServer((req, res) => {
    hits++;
    const forward = (): void => {
      const upstream = request(
        new URL(req.url ?? '/', target.origin),
        { method: req.method, headers: { ...req.headers, host: target.host } },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      req.pipe(upstream);
    };
    handler(req, res, hits, forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}${target.pathname}`,
    hits: () => hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function withStub(
  handler: Parameters<typeof stub>[0],
  run: (stub: Stub) => Promise<void>,
): Promise<void> {
  const server = await stub(handler);
  try {
    await run(server);
  } finally {
    await server.close();
  }
}

function answer(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/fhir+json', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

describe('FhirGateway against the sandbox', () => {
  it('reads the CapabilityStatement', async () => {
    const statement = await gateway().capabilities();
    expect(statement.fhirVersion).toBe('4.0.1');
  });

  it('collects every page, one request per page, honouring pageSize and _count', async () => {
    const client = gateway({ pageSize: 10 });
    sandbox.resetRequestCount();
    const bundle = await client.search('Observation', { subject: 'Patient/gw-patient' });
    expect(bundle.total).toBe(45);
    expect(bundle.entry).toHaveLength(45);
    expect(new Set(bundle.entry?.map((e) => e.resource?.id)).size).toBe(45);
    expect(client.requestCount()).toBe(5);
    expect(sandbox.requestCount()).toBe(5);

    client.resetRequestCount();
    const sizes: number[] = [];
    for await (const page of client.searchPages('Observation', {
      subject: 'Patient/gw-patient',
      _count: 20,
    })) {
      sizes.push(page.entry?.length ?? 0);
    }
    expect(sizes).toEqual([20, 20, 5]);
    expect(client.requestCount()).toBe(3);
  });

  it('keeps included resources once across pages and separates matches', async () => {
    const client = gateway({ pageSize: 20 });
    const bundle = await client.search('Observation', {
      patient: 'gw-patient',
      _include: ['Observation:subject'],
    });
    expect(bundle.entry?.filter((e) => e.search?.mode === 'include').map((e) => e.resource?.id)).toEqual([
      'gw-patient',
    ]);
    const observations = await client.searchResources('Observation', { patient: 'gw-patient', _count: 50 });
    expect(observations).toHaveLength(45);
    expect(observations.every((o) => o.resourceType === 'Observation')).toBe(true);
  });

  it('creates (also conditionally), reads and updates', async () => {
    const client = gateway();
    const created = await client.create(patientWith(undefined, 'MRN-GW-2'));
    const again = await client.create(patientWith(undefined, 'MRN-GW-2'), {
      ifNoneExist: { identifier: `${MRN}|MRN-GW-2` },
    });
    expect(again.id).toBe(created.id);
    const read = await client.read('Patient', created.id as string);
    expect(read.identifier?.[0]?.value).toBe('MRN-GW-2');
    const updated = await client.update({ ...read, gender: 'female' });
    expect(updated.gender).toBe('female');
  });

  it('posts transactions and batches', async () => {
    const client = gateway();
    const patientUrl = 'urn:uuid:6f1c1e52-8d2a-4b51-9a38-0d5b1c2e3f40';
    const response = await client.transaction({
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          fullUrl: patientUrl,
          resource: patientWith(undefined, 'MRN-GW-3'),
          request: { method: 'POST', url: 'Patient' },
        },
        { resource: heartRate(undefined, patientUrl, 70), request: { method: 'POST', url: 'Observation' } },
      ],
    });
    expect(response.type).toBe('transaction-response');
    const patientId = response.entry?.[0]?.resource?.id;
    expect((response.entry?.[1]?.resource as Observation).subject?.reference).toBe(`Patient/${patientId}`);

    const batch = await client.batch({
      resourceType: 'Bundle',
      type: 'batch',
      entry: [
        { request: { method: 'GET', url: `Patient/${patientId}` } },
        {
          resource: { resourceType: 'Patient', birthDate: 'bad' },
          request: { method: 'POST', url: 'Patient' },
        },
      ],
    });
    expect(batch.type).toBe('batch-response');
    expect(batch.entry?.map((e) => e.response?.status)).toEqual(['200', '400']);
  });

  it('sends bearer and basic credentials, also on next pages', async () => {
    seen.length = 0;
    await gateway({ auth: { kind: 'bearer', token: 'tok-123' }, pageSize: 20 }).search('Observation', {
      subject: 'Patient/gw-patient',
    });
    expect(seen).toHaveLength(3);
    expect(seen.every((r) => r.headers.authorization === 'Bearer tok-123')).toBe(true);

    seen.length = 0;
    await gateway({ auth: { kind: 'basic', username: 'ward', password: 'p@ss:1' } }).capabilities();
    expect(seen[0]?.headers.authorization).toBe(`Basic ${Buffer.from('ward:p@ss:1').toString('base64')}`);
  });

  it('surfaces a 400 OperationOutcome as FhirRequestError without retrying', async () => {
    const client = gateway();
    const err = await failure(client.create({ resourceType: 'Patient', birthDate: '31/12/1999' }));
    expect(err.status).toBe(400);
    expect(err.kind).toBe('http');
    expect(err.retryable).toBe(false);
    expect(err.attempts).toBe(1);
    expect(client.requestCount()).toBe(1);
    expect(err.issues).toEqual(['Invalid date format (at Patient.birthDate)']);
    expect(err.operationOutcome?.resourceType).toBe('OperationOutcome');
    expect(err.message).toContain('Invalid date format');

    const missing = await failure(client.read('Patient', 'nope'));
    expect(missing.status).toBe(404);
    expect(missing.attempts).toBe(1);
  });

  it('keeps patient data and credentials out of error URLs', async () => {
    const err = await failure(
      gateway({ auth: { kind: 'bearer', token: 'secret-token' } }).search('Patient', {
        identifier: 'MRN-SECRET',
        _count: 'x',
      }),
    );
    expect(err.status).toBe(400);
    expect(err.url).toBe(`${sandbox.baseUrl}/Patient?identifier=***&_count=x`);
    expect(`${err.message} ${JSON.stringify(err)}`).not.toMatch(/MRN-SECRET|secret-token/);
  });

  it('refuses credentials in the base URL', () => {
    expect(() => new FhirGateway({ baseUrl: 'http://user:pw@127.0.0.1/fhir' })).toThrow(/credentials/);
  });
});

describe('FhirGateway retries and failures', () => {
  it('retries 503 twice, then succeeds on the third request', async () => {
    await withStub(
      (_req, res, hit, forward) =>
        hit <= 2 ? answer(res, 503, 'busy', { 'content-type': 'text/plain' }) : forward(),
      async (server) => {
        const client = new FhirGateway({ baseUrl: server.baseUrl, ...FAST });
        const patient = await client.read('Patient', 'gw-patient');
        expect(patient.id).toBe('gw-patient');
        expect(server.hits()).toBe(3);
        expect(client.requestCount()).toBe(3);
      },
    );
  });

  it('waits for Retry-After on 429', async () => {
    await withStub(
      (_req, res, hit, forward) =>
        hit === 1
          ? answer(res, 429, { resourceType: 'OperationOutcome', issue: [] }, { 'retry-after': '1' })
          : forward(),
      async (server) => {
        const client = new FhirGateway({ baseUrl: server.baseUrl, ...FAST });
        const started = Date.now();
        await client.capabilities();
        expect(Date.now() - started).toBeGreaterThanOrEqual(950);
        expect(server.hits()).toBe(2);
      },
    );
  });

  it('gives up at once when Retry-After exceeds maxDelayMs', async () => {
    await withStub(
      (_req, res) =>
        answer(res, 429, { resourceType: 'OperationOutcome', issue: [] }, { 'retry-after': '120' }),
      async (server) => {
        const err = await failure(new FhirGateway({ baseUrl: server.baseUrl, ...FAST }).capabilities());
        expect(err.status).toBe(429);
        expect(err.retryable).toBe(true);
        expect(server.hits()).toBe(1);
      },
    );
  });

  it('times out on a hanging server after all retries', async () => {
    await withStub(
      () => undefined,
      async (server) => {
        const client = new FhirGateway({ baseUrl: server.baseUrl, timeoutMs: 100, retries: 2, backoffMs: 5 });
        const err = await failure(client.read('Patient', 'gw-patient'));
        expect(err.kind).toBe('timeout');
        expect(err.status).toBe(0);
        expect(err.retryable).toBe(true);
        expect(err.attempts).toBe(3);
        expect(server.hits()).toBe(3);
      },
    );
  });

  it('retries 5xx with a non-FHIR body and reports it clearly', async () => {
    await withStub(
      (_req, res) =>
        answer(res, 502, '<html><body>Bad gateway</body></html>', { 'content-type': 'text/html' }),
      async (server) => {
        const err = await failure(
          new FhirGateway({ baseUrl: server.baseUrl, ...FAST, retries: 2 }).capabilities(),
        );
        expect(err.status).toBe(502);
        expect(err.issues).toEqual(['HTTP 502 without an OperationOutcome (text/html)']);
        expect(err.attempts).toBe(3);
      },
    );
  });

  it('does not repeat a create after an ambiguous failure, but does after 503', async () => {
    await withStub(
      (_req, res, hit, forward) =>
        hit === 1 ? answer(res, 500, { resourceType: 'OperationOutcome', issue: [] }) : forward(),
      async (server) => {
        const err = await failure(
          new FhirGateway({ baseUrl: server.baseUrl, ...FAST }).create(patientWith(undefined, 'MRN-GW-5')),
        );
        expect(err.status).toBe(500);
        expect(err.retryable).toBe(true);
        expect(server.hits()).toBe(1);
      },
    );
    await withStub(
      (_req, res, hit, forward) => (hit === 1 ? answer(res, 503, '') : forward()),
      async (server) => {
        const created = await new FhirGateway({ baseUrl: server.baseUrl, ...FAST }).create(
          patientWith(undefined, 'MRN-GW-6'),
        );
        expect(created.id).toBeTruthy();
        expect(server.hits()).toBe(2);
      },
    );
  });

  it('turns garbage answers into clear errors, without retrying', async () => {
    const bodies: Array<[string, string, RegExp]> = [
      ['<!doctype html><title>Login</title>', 'text/html', /not JSON \(text\/html\)/],
      ['{"resourceType": "Patient", "id": "gw-pa', 'application/fhir+json', /not JSON/],
      ['null', 'application/json', /unreadable response/],
      [
        JSON.stringify({ resourceType: 'Observation', id: 'gw-patient' }),
        'application/fhir+json',
        /expected a Patient, got a Observation/,
      ],
      [JSON.stringify({ hello: 'world' }), 'application/json', /JSON that is not a FHIR resource/],
    ];
    for (const [body, contentType, expected] of bodies) {
      await withStub(
        (_req, res) => answer(res, 200, body, { 'content-type': contentType }),
        async (server) => {
          const err = await failure(
            new FhirGateway({ baseUrl: server.baseUrl, ...FAST }).read('Patient', 'gw-patient'),
          );
          expect(err.kind).toBe('invalid-response');
          expect(err.retryable).toBe(false);
          expect(err.message).toMatch(expected);
          expect(server.hits()).toBe(1);
        },
      );
    }
  });

  it('retries refused connections, then reports a network error', async () => {
    const server = await stub(() => undefined);
    const baseUrl = server.baseUrl;
    await server.close();
    const client = new FhirGateway({ baseUrl, timeoutMs: 500, retries: 2, backoffMs: 5 });
    const err = await failure(client.capabilities());
    expect(err.kind).toBe('network');
    expect(err.issues[0]).toContain('ECONNREFUSED');
    expect(err.attempts).toBe(3);
  });

  it('refuses next links to another origin', async () => {
    const page: Bundle = {
      resourceType: 'Bundle',
      type: 'searchset',
      entry: [],
      link: [{ relation: 'next', url: 'http://elsewhere.invalid/fhir/Patient?page=2' }],
    };
    await withStub(
      (_req, res) => answer(res, 200, page),
      async (server) => {
        const err = await failure(
          new FhirGateway({ baseUrl: server.baseUrl, ...FAST, auth: { kind: 'bearer', token: 't' } }).search(
            'Patient',
          ),
        );
        expect(err.message).toMatch(/next link leaves/);
        expect(server.hits()).toBe(1);
      },
    );
  });

  it('exposes the OperationOutcome of a 422', async () => {
    const outcome: OperationOutcome = {
      resourceType: 'OperationOutcome',
      issue: [
        {
          severity: 'error',
          code: 'business-rule',
          diagnostics: 'Patient is deceased',
          expression: ['Patient'],
        },
        { severity: 'warning', code: 'informational', details: { text: 'Check the MPI' } },
      ],
    };
    await withStub(
      (_req, res) => answer(res, 422, outcome),
      async (server) => {
        const err = await failure(
          new FhirGateway({ baseUrl: server.baseUrl, ...FAST }).update(patientWith('p1', 'MRN-GW-7')),
        );
        expect(err.status).toBe(422);
        expect(err.issues).toEqual(['Patient is deceased (at Patient)', 'Check the MPI']);
        expect(err.operationOutcome).toEqual(outcome);
        expect(server.hits()).toBe(1);
      },
    );
  });
});
