import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  badRequest,
  getSearchParameters,
  getStatus,
  normalizeOperationOutcome,
  notFound,
} from '@medplum/core';
import { type FhirRequest, FhirRouter, type HttpMethod } from '@medplum/fhir-router';
import type { Bundle, CapabilityStatement, OperationOutcome, Resource } from '@medplum/fhirtypes';
import { buildCapabilityStatement } from './capability-statement';
import { loadFhirDefinitions } from './definitions';
import { loadBundle } from './load';
import { bundleIssues, outcomeOf, SandboxRepository } from './sandbox-repository';

export interface FhirSandboxOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
  /** Path of the FHIR base; default `/fhir`. */
  basePath?: string;
  /** Page size of searches without `_count`; default 20 (as Medplum and HAPI). */
  defaultPageSize?: number;
  /** Larger `_count` values are lowered to this; default 1000. */
  maxPageSize?: number;
  /** Larger request bodies get 413; default 10 MiB. */
  maxBodyBytes?: number;
  /** Called for every HTTP request before it is handled (tests inspect headers with it). */
  onRequest?: (request: FhirSandboxRequest) => void;
}

export interface FhirSandboxRequest {
  method: string;
  /** Path and query as received. */
  url: string;
  headers: IncomingHttpHeaders;
}

export interface FhirSandbox {
  /** E.g. `http://127.0.0.1:40123/fhir` (no trailing slash). */
  readonly baseUrl: string;
  /** Stops listening and drops open (keep-alive) connections. Idempotent. */
  close(): Promise<void>;
  /**
   * Loads data directly (no HTTP, not counted), all or nothing; see {@link loadBundle}.
   * @throws OperationOutcomeError (from `@medplum/core`) when an entry is invalid.
   */
  load(bundle: Bundle): Promise<Bundle>;
  /** HTTP requests received since start or the last reset. */
  requestCount(): number;
  resetRequestCount(): void;
}

const FHIR_JSON = 'application/fhir+json; charset=utf-8';
const METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']);
const MIB = 1024 * 1024;

/**
 * Starts an in-process FHIR R4 server: Medplum's router over a validating, transactional
 * in-memory repository, served over HTTP with search paging links and a CapabilityStatement.
 * @param options - Where to listen and limits.
 * @returns The running sandbox.
 */
export async function startFhirSandbox(options: FhirSandboxOptions = {}): Promise<FhirSandbox> {
  const host = options.host ?? '127.0.0.1';
  const basePath = normalizeBasePath(options.basePath ?? '/fhir');
  const defaultPageSize = options.defaultPageSize ?? 20;
  const maxPageSize = options.maxPageSize ?? 1000;
  const maxBodyBytes = options.maxBodyBytes ?? 10 * MIB;

  const resourceTypes = loadFhirDefinitions();
  const repo = new SandboxRepository();
  const router = new FhirRouter();
  const serialize = serializer();
  let requests = 0;
  let baseUrl = '';
  let capabilityStatement: CapabilityStatement | undefined;

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      send(req, res, 500, normalizeOperationOutcome(err));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    requests++;
    const method = (req.method ?? 'GET').toUpperCase();
    options.onRequest?.({ method, url: req.url ?? '/', headers: req.headers });

    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    const relative = relativePath(basePath, url.pathname);
    if (relative === undefined) {
      return send(req, res, 404, notFoundOutcome(`Not a FHIR endpoint; the FHIR base is ${basePath || '/'}`));
    }
    if (!METHODS.has(method)) {
      return send(req, res, 405, badRequest(`Method ${method} not allowed`), {
        allow: [...METHODS].join(', '),
      });
    }
    const raw = await readBody(req, maxBodyBytes);
    if (raw === 'too-large') {
      return send(req, res, 413, badRequest(`Request body exceeds ${maxBodyBytes} bytes`), {
        connection: 'close',
      });
    }

    const segments = relative ? relative.split('/') : [];
    if (segments[0] === 'metadata' && segments.length === 1) {
      if (method !== 'GET' && method !== 'HEAD') {
        return send(req, res, 405, badRequest('metadata is read-only'), { allow: 'GET, HEAD' });
      }
      capabilityStatement ??= buildCapabilityStatement(baseUrl, resourceTypes);
      return send(req, res, 200, capabilityStatement);
    }
    const type = segments[0];
    if (type !== undefined && !resourceTypes.has(type)) {
      return send(req, res, 404, notFoundOutcome(`Unknown resource type or operation: ${type}`));
    }

    let routeMethod = method === 'HEAD' ? 'GET' : method;
    let routePath = relative;
    const query = new URLSearchParams(url.search);
    let body: unknown;
    if (method === 'POST' && segments.length === 2 && segments[1] === '_search') {
      // Search by POST: the form parameters join the query string; the rest is a GET search.
      new URLSearchParams(raw.toString('utf8')).forEach((value, key) => query.append(key, value));
      routeMethod = 'GET';
      routePath = type ?? '';
    } else if (raw.length) {
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch (err) {
        return send(req, res, 400, badRequest(`Request body is not valid JSON: ${(err as Error).message}`));
      }
    }

    const isSearch = routeMethod === 'GET' && routePath.split('/').filter(Boolean).length <= 1;
    if (isSearch) {
      const problem =
        applyPaging(query, defaultPageSize, maxPageSize) ??
        (type ? unknownSearchParameters(type, query) : undefined);
      if (problem) {
        return send(req, res, 400, badRequest(problem));
      }
    }
    if (routeMethod === 'POST' || routeMethod === 'PUT') {
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        return send(req, res, 400, badRequest('Request body must be a FHIR resource (JSON object)'));
      }
      const bundle = body as Bundle;
      if (
        routeMethod === 'POST' &&
        !type &&
        bundle.resourceType === 'Bundle' &&
        bundle.type === 'transaction'
      ) {
        // Medplum's transactions stop at the first failing entry; check them all before writing any.
        const issues = bundleIssues(bundle);
        if (issues.length) {
          return send(req, res, 400, outcomeOf(issues));
        }
      }
    }

    const search = query.toString();
    const fhirRequest: FhirRequest = {
      method: routeMethod as HttpMethod,
      url: search ? `${routePath}?${search}` : routePath,
      pathname: '',
      params: {},
      query: {},
      body,
      headers: req.headers,
      config: { transactions: true },
    };
    const [outcome, resource] = await serialize(() => router.handleRequest(fhirRequest, repo));
    const status = getStatus(outcome);
    if (!resource) {
      return send(req, res, status, outcome);
    }
    const payload =
      isSearch && resource.resourceType === 'Bundle'
        ? withPaging(resource, baseUrl, routePath, query)
        : resource;
    return send(req, res, status, payload, resourceHeaders(baseUrl, resource, status));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}${basePath}`;

  let closing: Promise<void> | undefined;
  return {
    baseUrl,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
    load: (bundle) => serialize(() => loadBundle(repo, bundle)),
    requestCount: () => requests,
    resetRequestCount() {
      requests = 0;
    },
  };
}

/** Runs async tasks one at a time: a transaction rollback must not undo a concurrent request. */
function serializer(): <T>(task: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const result = tail.then(task);
    tail = result.catch(() => undefined);
    return result;
  };
}

function normalizeBasePath(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return !trimmed ? '' : trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

/** The path below the FHIR base without surrounding slashes, or undefined if outside it. */
function relativePath(basePath: string, pathname: string): string | undefined {
  if (pathname !== basePath && !pathname.startsWith(`${basePath}/`)) {
    return undefined;
  }
  return pathname.slice(basePath.length).replace(/^\/+|\/+$/g, '');
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  if (Number(req.headers['content-length'] ?? 0) > limit) {
    return Promise.resolve('too-large');
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.pause();
        resolve('too-large');
      } else {
        chunks.push(chunk);
      }
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Sets the effective `_count` (default, capped) so that paging links can be computed. */
function applyPaging(
  query: URLSearchParams,
  defaultPageSize: number,
  maxPageSize: number,
): string | undefined {
  const count = query.get('_count');
  const offset = query.get('_offset');
  if (count !== null && !/^\d+$/.test(count)) {
    return `Invalid _count: ${count}`;
  }
  if (offset !== null && !/^\d+$/.test(offset)) {
    return `Invalid _offset: ${offset}`;
  }
  query.set('_count', String(Math.min(count === null ? defaultPageSize : Number(count), maxPageSize)));
  return undefined;
}

/**
 * Medplum matches nothing for a parameter it does not know, which hides typos behind empty
 * results; like HAPI, the sandbox refuses such searches.
 */
function unknownSearchParameters(type: string, query: URLSearchParams): string | undefined {
  const known = getSearchParameters(type) ?? {};
  const unknown = [...new Set(query.keys())].filter((key) => {
    const code = key.split(':')[0]?.split('.')[0] ?? key;
    return !code.startsWith('_') && !known[code];
  });
  return unknown.length ? `Unknown search parameter(s) for ${type}: ${unknown.join(', ')}` : undefined;
}

/** Adds self/first/previous/next links (offset based) and entry fullUrls to a searchset. */
function withPaging(bundle: Bundle, baseUrl: string, routePath: string, query: URLSearchParams): Bundle {
  const count = Number(query.get('_count'));
  const offset = Number(query.get('_offset') ?? 0);
  const page = (at: number): string => {
    const params = new URLSearchParams(query);
    params.set('_offset', String(at));
    return `${baseUrl}${routePath ? `/${routePath}` : ''}?${params.toString()}`;
  };
  const link: NonNullable<Bundle['link']> = [
    { relation: 'self', url: page(offset) },
    { relation: 'first', url: page(0) },
  ];
  if (offset > 0) {
    link.push({ relation: 'previous', url: page(Math.max(0, offset - count)) });
  }
  if (count > 0 && bundle.total !== undefined && offset + count < bundle.total) {
    link.push({ relation: 'next', url: page(offset + count) });
  }
  return {
    ...bundle,
    link,
    entry: bundle.entry?.map((entry) =>
      entry.fullUrl || !entry.resource?.id
        ? entry
        : { ...entry, fullUrl: `${baseUrl}/${entry.resource.resourceType}/${entry.resource.id}` },
    ),
  };
}

function resourceHeaders(baseUrl: string, resource: Resource, status: number): Record<string, string> {
  const headers: Record<string, string> = {};
  const version = resource.meta?.versionId;
  if (version && resource.resourceType !== 'Bundle') {
    headers['etag'] = `W/"${version}"`;
    if (resource.meta?.lastUpdated) {
      headers['last-modified'] = new Date(resource.meta.lastUpdated).toUTCString();
    }
    if (status === 201 && resource.id) {
      headers['location'] = `${baseUrl}/${resource.resourceType}/${resource.id}/_history/${version}`;
    }
  }
  return headers;
}

function notFoundOutcome(text: string): OperationOutcome {
  return { ...notFound, issue: [{ severity: 'error', code: 'not-found', details: { text } }] };
}

function send(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  body: Resource,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent || res.destroyed) {
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': FHIR_JSON, 'content-length': Buffer.byteLength(text), ...headers });
  res.end(req.method === 'HEAD' ? undefined : text);
}
