import { setTimeout as sleep } from 'node:timers/promises';
import type {
  Bundle,
  BundleEntry,
  CapabilityStatement,
  ExtractResource,
  OperationOutcome,
  Resource,
  ResourceType,
} from '@medplum/fhirtypes';
import Client from 'fhir-kit-client';
import { FhirRequestError, type FhirRequestErrorKind, logSafeUrl, outcomeIssues } from './fhir-request-error';

export type FhirAuth =
  { kind: 'bearer'; token: string } | { kind: 'basic'; username: string; password: string };

export interface FhirGatewayOptions {
  /** FHIR base URL, e.g. `https://fhir.hospital.example/r4`. No credentials in it: use `auth`. */
  baseUrl: string;
  auth?: FhirAuth;
  /** Per HTTP attempt, body included; default 10 000. */
  timeoutMs?: number;
  /** Retries after the first attempt; default 4. */
  retries?: number;
  /** First backoff delay; doubles per retry, with jitter (50-100 %); default 250. */
  backoffMs?: number;
  /** `_count` of searches that set none; default 200. */
  pageSize?: number;
  /** Longest wait between attempts; a longer `Retry-After` ends the retries; default 30 000. */
  maxDelayMs?: number;
  /**
   * Retry creates without `ifNoneExist`, transactions and batches also after failures where the
   * server may have done the work (timeouts, 500, 502, 504, reset connections). Default false:
   * those are retried only after 429, 503 and refused connections, so nothing is written twice.
   */
  retryNonIdempotent?: boolean;
  /** A search following more next links than this fails; default 10 000. */
  maxPages?: number;
}

export type FhirSearchValue = string | number | boolean;
/** Search parameters; an array repeats the parameter (`_include`, AND-ed values). */
export type FhirSearchParams = Record<string, FhirSearchValue | readonly FhirSearchValue[] | undefined>;

export interface FhirCreateOptions {
  /** Conditional create (`If-None-Exist`): the existing match is returned instead of a duplicate. */
  ifNoneExist?: string | FhirSearchParams;
}

interface Attempt {
  method: string;
  /** Absolute URL, for error messages (made log-safe there). */
  url: string;
  /** Whether repeating the request after an unknown outcome is harmless. */
  idempotent: boolean;
  send: (options: { signal: AbortSignal; headers?: Record<string, string> }) => Promise<unknown>;
  /** Error text when the (2xx) answer is not what was asked for. */
  check: (data: unknown) => string | undefined;
  headers?: Record<string, string>;
}

interface Failure {
  kind: FhirRequestErrorKind;
  status: number;
  operationOutcome?: OperationOutcome;
  issues: string[];
  retryable: boolean;
  /** The server certainly did not act on the request (429, 503, connection refused). */
  notProcessed: boolean;
  retryAfterMs?: number;
  cause: unknown;
}

/** The error object fhir-kit-client throws for error statuses and unparsable bodies. */
interface KitHttpError {
  response: { status: number; data: unknown };
  config?: { headers?: { get?: (name: string) => string | null } };
}

const RESOURCE_TYPE = /^[A-Z][A-Za-z]{1,63}$/;
const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;
const PREFER_REPRESENTATION = { prefer: 'return=representation' };

/**
 * FHIR R4 client for the hospital server: fhir-kit-client plus timeouts, retries with
 * exponential backoff and jitter (429 with `Retry-After`, 5xx, timeouts, network errors),
 * complete paging, response checks and typed errors ({@link FhirRequestError}).
 */
export class FhirGateway {
  private readonly client: Client;
  private readonly base: URL;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly backoffMs: number;
  private readonly pageSize: number;
  private readonly maxDelayMs: number;
  private readonly retryNonIdempotent: boolean;
  private readonly maxPages: number;
  private requests = 0;

  constructor(options: FhirGatewayOptions) {
    const base = new URL(options.baseUrl);
    if (base.protocol !== 'http:' && base.protocol !== 'https:') {
      throw new Error(`FHIR baseUrl must be http(s): ${logSafeUrl(options.baseUrl)}`);
    }
    if (base.username || base.password) {
      throw new Error('FHIR baseUrl must not contain credentials: pass them as options.auth');
    }
    base.search = '';
    base.hash = '';
    base.pathname = base.pathname.replace(/\/+$/, '');
    this.base = base;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.retries = options.retries ?? 4;
    this.backoffMs = options.backoffMs ?? 250;
    this.pageSize = options.pageSize ?? 200;
    this.maxDelayMs = options.maxDelayMs ?? 30_000;
    this.retryNonIdempotent = options.retryNonIdempotent ?? false;
    this.maxPages = options.maxPages ?? 10_000;

    const auth = options.auth;
    this.client = new Client({
      baseUrl: this.baseUrl,
      ...(auth?.kind === 'bearer' ? { bearerToken: auth.token } : {}),
      ...(auth?.kind === 'basic'
        ? {
            customHeaders: {
              authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`, 'utf8').toString('base64')}`,
            },
          }
        : {}),
    });
  }

  /** The base URL, without trailing slash. */
  get baseUrl(): string {
    return this.base.href.replace(/\/+$/, '');
  }

  /** HTTP requests made (each retry counts). */
  requestCount(): number {
    return this.requests;
  }

  resetRequestCount(): void {
    this.requests = 0;
  }

  /** GET [base]/metadata. */
  async capabilities(): Promise<CapabilityStatement> {
    // Not client.capabilityStatement(): it caches its first promise, failures included.
    return this.call<CapabilityStatement>({
      method: 'GET',
      url: this.url('metadata'),
      idempotent: true,
      send: (options) => this.client.request('metadata', { options }),
      check: expectType('CapabilityStatement'),
    });
  }

  async read<K extends ResourceType>(type: K, id: string): Promise<ExtractResource<K>> {
    assertType(type);
    assertId(id);
    return this.call<ExtractResource<K>>({
      method: 'GET',
      url: this.url(`${type}/${id}`),
      idempotent: true,
      send: (options) => this.client.read({ resourceType: type, id, options }),
      check: (data) => expectType(type)(data) ?? (idOf(data) === id ? undefined : `expected ${type}/${id}`),
    });
  }

  /**
   * Searches and collects every page (following `Bundle.link[next]`) into one searchset bundle:
   * matches in server order, then included resources once each (`search.mode` tells them apart).
   * `total` is the first page's.
   */
  async search(type: ResourceType, params: FhirSearchParams = {}): Promise<Bundle> {
    const entries: BundleEntry[] = [];
    const seen = new Set<string>();
    let total: number | undefined;
    let first = true;
    for await (const page of this.searchPages(type, params)) {
      if (first) {
        total = page.total;
        first = false;
      }
      for (const entry of page.entry ?? []) {
        const resource = entry.resource;
        const key = resource
          ? `${entry.search?.mode ?? 'match'} ${resource.resourceType}/${resource.id}`
          : undefined;
        if (key && resource?.id && seen.has(key)) {
          continue;
        }
        if (key) {
          seen.add(key);
        }
        entries.push(entry);
      }
    }
    return {
      resourceType: 'Bundle',
      type: 'searchset',
      ...(total === undefined ? {} : { total }),
      entry: entries,
    };
  }

  /** Like {@link search} but returns only the matched resources of `type`. */
  async searchResources<K extends ResourceType>(
    type: K,
    params: FhirSearchParams = {},
  ): Promise<ExtractResource<K>[]> {
    const bundle = await this.search(type, params);
    return (bundle.entry ?? [])
      .filter((entry) => entry.search?.mode !== 'include' && entry.resource?.resourceType === type)
      .map((entry) => entry.resource as ExtractResource<K>);
  }

  /** The search's pages, one HTTP request each (plus retries), following `Bundle.link[next]`. */
  async *searchPages(
    type: ResourceType,
    params: FhirSearchParams = {},
  ): AsyncGenerator<Bundle, void, undefined> {
    assertType(type);
    const query = toQuery(params);
    if (!query.has('_count')) {
      query.set('_count', String(this.pageSize));
    }
    const visited = new Set<string>();
    let url: string | undefined = this.url(`${type}?${query.toString()}`);
    while (url) {
      if (visited.size >= this.maxPages || visited.has(url)) {
        throw this.refusal(
          url,
          visited.has(url) ? 'the next link repeats an earlier page' : 'too many pages',
        );
      }
      visited.add(url);
      const target: string = url;
      const page = await this.call<Bundle>({
        method: 'GET',
        url: target,
        idempotent: true,
        send: (options) => this.client.request(target, { options }),
        check: expectType('Bundle'),
      });
      yield page;
      url = this.nextLink(page);
    }
  }

  async create<T extends Resource>(resource: T, options: FhirCreateOptions = {}): Promise<T> {
    assertType(resource.resourceType);
    const ifNoneExist =
      typeof options.ifNoneExist === 'string'
        ? options.ifNoneExist
        : options.ifNoneExist
          ? toQuery(options.ifNoneExist).toString()
          : undefined;
    return this.call<T>({
      method: 'POST',
      url: this.url(resource.resourceType),
      idempotent: ifNoneExist !== undefined,
      headers: { ...PREFER_REPRESENTATION, ...(ifNoneExist ? { 'if-none-exist': ifNoneExist } : {}) },
      send: (requestOptions) =>
        this.client.create({ resourceType: resource.resourceType, body: resource, options: requestOptions }),
      check: expectType(resource.resourceType),
    });
  }

  /** PUT [base]/Type/id (the resource's id). */
  async update<T extends Resource>(resource: T): Promise<T> {
    assertType(resource.resourceType);
    if (!resource.id) {
      throw new Error('update() needs a resource with an id');
    }
    assertId(resource.id);
    const id = resource.id;
    return this.call<T>({
      method: 'PUT',
      url: this.url(`${resource.resourceType}/${id}`),
      idempotent: true,
      headers: PREFER_REPRESENTATION,
      send: (options) =>
        this.client.update({ resourceType: resource.resourceType, id, body: resource, options }),
      check: expectType(resource.resourceType),
    });
  }

  /** POST a `transaction` bundle to the base; returns the `transaction-response`. */
  async transaction(bundle: Bundle): Promise<Bundle> {
    return this.postBundle(bundle, 'transaction');
  }

  /** POST a `batch` bundle to the base; entries fail independently: check `entry.response.status`. */
  async batch(bundle: Bundle): Promise<Bundle> {
    return this.postBundle(bundle, 'batch');
  }

  private async postBundle(bundle: Bundle, type: 'transaction' | 'batch'): Promise<Bundle> {
    if (bundle.resourceType !== 'Bundle' || bundle.type !== type) {
      throw new Error(`${type}() needs a Bundle of type ${type}`);
    }
    return this.call<Bundle>({
      method: 'POST',
      url: this.baseUrl,
      idempotent: false,
      headers: PREFER_REPRESENTATION,
      send: (options) =>
        type === 'transaction'
          ? this.client.transaction({ body: bundle as Bundle & { type: 'transaction' }, options })
          : this.client.batch({ body: bundle as Bundle & { type: 'batch' }, options }),
      check: (data) =>
        expectType('Bundle')(data) ??
        ((data as Bundle).type === `${type}-response` ? undefined : `expected a ${type}-response bundle`),
    });
  }

  /** One logical request: attempts, classification of failures, backoff. */
  private async call<T>(attempt: Attempt): Promise<T> {
    for (let number = 1; ; number++) {
      this.requests++;
      let failure: Failure;
      try {
        const data = await attempt.send({
          signal: AbortSignal.timeout(this.timeoutMs),
          ...(attempt.headers ? { headers: attempt.headers } : {}),
        });
        const problem = attempt.check(data);
        if (problem === undefined) {
          return data as T;
        }
        failure = invalidResponse(statusOf(data), `${problem}, got ${describe(data)}`);
      } catch (err) {
        failure = classify(err);
      }
      const delay = this.delayBeforeRetry(attempt, failure, number);
      if (delay === undefined) {
        throw new FhirRequestError({
          ...failure,
          method: attempt.method,
          url: logSafeUrl(attempt.url),
          attempts: number,
        });
      }
      await sleep(delay);
    }
  }

  /** Milliseconds to wait before the next attempt, or undefined to give up. */
  private delayBeforeRetry(attempt: Attempt, failure: Failure, number: number): number | undefined {
    if (!failure.retryable || number > this.retries) {
      return undefined;
    }
    if (!attempt.idempotent && !this.retryNonIdempotent && !failure.notProcessed) {
      return undefined;
    }
    if (failure.retryAfterMs !== undefined) {
      return failure.retryAfterMs <= this.maxDelayMs ? failure.retryAfterMs : undefined;
    }
    const exponential = Math.min(this.backoffMs * 2 ** (number - 1), this.maxDelayMs);
    return Math.round(exponential / 2 + (Math.random() * exponential) / 2);
  }

  private nextLink(page: Bundle): string | undefined {
    const href = page.link?.find((link) => link.relation === 'next')?.url;
    if (!href) {
      return undefined;
    }
    let next: URL;
    try {
      next = new URL(href, `${this.baseUrl}/`);
    } catch {
      throw this.refusal(this.baseUrl, 'the next link is not a URL');
    }
    if (next.origin !== this.base.origin) {
      // Following it would send our credentials to another server.
      throw this.refusal(next.href, `the next link leaves ${this.base.origin}`);
    }
    return next.href;
  }

  private refusal(url: string, reason: string): FhirRequestError {
    return new FhirRequestError({
      ...invalidResponse(200, `Paging stopped: ${reason}`),
      method: 'GET',
      url: logSafeUrl(url),
      attempts: 0,
    });
  }

  private url(path: string): string {
    return `${this.baseUrl}/${path}`;
  }
}

function toQuery(params: FhirSearchParams): URLSearchParams {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) {
      query.append(key, String(item));
    }
  }
  return query;
}

function assertType(type: string): void {
  if (!RESOURCE_TYPE.test(type)) {
    throw new Error(`Not a FHIR resource type: ${JSON.stringify(type)}`);
  }
}

function assertId(id: string): void {
  if (!FHIR_ID.test(id)) {
    throw new Error('Not a FHIR id (1-64 of A-Z a-z 0-9 - .)');
  }
}

function expectType(type: string): (data: unknown) => string | undefined {
  return (data) =>
    typeof data === 'object' && data !== null && (data as Partial<Resource>).resourceType === type
      ? undefined
      : `expected a ${type}`;
}

function idOf(data: unknown): unknown {
  return (data as Partial<Resource>).id;
}

function describe(data: unknown): string {
  if (typeof data !== 'object' || data === null) {
    return typeof data;
  }
  const resourceType = (data as Partial<Resource>).resourceType;
  if (resourceType === 'OperationOutcome') {
    return `an OperationOutcome: ${outcomeIssues(data as OperationOutcome).join('; ')}`;
  }
  return typeof resourceType === 'string' ? `a ${resourceType}` : 'JSON that is not a FHIR resource';
}

function statusOf(data: unknown): number {
  try {
    return Client.httpFor(data as Resource).response?.status ?? 200;
  } catch {
    return 200;
  }
}

function invalidResponse(status: number, text: string): Failure {
  return {
    kind: 'invalid-response',
    status,
    issues: [text],
    retryable: false,
    notProcessed: false,
    cause: undefined,
  };
}

function isKitHttpError(err: unknown): err is KitHttpError {
  const response = (err as Partial<KitHttpError> | null)?.response;
  return typeof response === 'object' && response !== null && typeof response.status === 'number';
}

function classify(err: unknown): Failure {
  if (isKitHttpError(err)) {
    const { status, data } = err.response;
    const header = (name: string): string | null => err.config?.headers?.get?.(name) ?? null;
    const contentType = header('content-type') ?? 'no content-type';
    if (status >= 200 && status < 300) {
      // fhir-kit-client throws on 2xx bodies that are not JSON (HTML, truncated JSON).
      return invalidResponse(status, `expected FHIR JSON, got a body that is not JSON (${contentType})`);
    }
    const outcome =
      typeof data === 'object' &&
      data !== null &&
      (data as Partial<Resource>).resourceType === 'OperationOutcome'
        ? (data as OperationOutcome)
        : undefined;
    const issues = outcome ? outcomeIssues(outcome) : [];
    return {
      kind: 'http',
      status,
      operationOutcome: outcome,
      issues: issues.length ? issues : [`HTTP ${status} without an OperationOutcome (${contentType})`],
      retryable: status === 408 || status === 429 || (status >= 500 && status !== 501 && status !== 505),
      notProcessed: status === 429 || status === 503,
      retryAfterMs: status === 429 || status === 503 ? parseRetryAfter(header('retry-after')) : undefined,
      // Not the fhir-kit-client error: it holds the full URL (query values) and the raw body.
      cause: undefined,
    };
  }
  const name = (err as Error | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return {
      kind: 'timeout',
      status: 0,
      issues: ['No complete response before the timeout'],
      retryable: true,
      notProcessed: false,
      cause: err,
    };
  }
  // Checked by name: fetch's errors come from another realm under Jest, so instanceof fails.
  const error = err as Partial<Error> | null;
  if (name === 'TypeError' && /fetch failed|terminated|socket|ECONN/i.test(error?.message ?? '')) {
    const cause = error?.cause as { code?: string; message?: string } | undefined;
    const code = cause?.code;
    return {
      kind: 'network',
      status: 0,
      issues: [`Network error${code ? ` (${code})` : ''}: ${cause?.message ?? error?.message ?? ''}`],
      retryable: true,
      notProcessed: code === 'ECONNREFUSED',
      cause: err,
    };
  }
  // E.g. fhir-kit-client failing on a JSON body that is not an object (`null`, `"text"`, `42`).
  return {
    ...invalidResponse(0, `unreadable response: ${(err as Error | null)?.message ?? String(err)}`),
    cause: err,
  };
}

/** `Retry-After` in seconds or as an HTTP date, in milliseconds from now. */
export function parseRetryAfter(value: string | null): number | undefined {
  if (value === null || value.trim() === '') {
    return undefined;
  }
  if (/^\s*\d+\s*$/.test(value)) {
    return Number(value) * 1000;
  }
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
