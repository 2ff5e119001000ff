import { type HttpClient, HttpErrorResponse, type HttpParams, type HttpResponse } from '@angular/common/http';
import { firstValueFrom } from 'rxjs';

/** A file the API sent, ready to be saved under the name the server gave it. */
export interface DownloadedFile {
  readonly blob: Blob;
  readonly fileName: string;
  readonly contentType: string | null;
}

/**
 * The file name a `Content-Disposition` header carries (RFC 6266): the RFC 5987 extended form
 * `filename*=UTF-8''%E2%82%AC%20rates.csv` wins over the plain `filename="rates.csv"`; quoted
 * strings are unescaped, parameter names are case-insensitive. The name is made safe to save
 * (no folders, no control characters). Null when the header names no file.
 */
export function parseContentDisposition(header: string | null | undefined): string | null {
  if (!header) return null;
  const parameters = dispositionParameters(header);
  const extended = parameters.get('filename*');
  const decoded = extended === undefined ? null : decodeExtendedValue(extended);
  const name = decoded ?? parameters.get('filename') ?? null;
  return name === null ? null : safeFileName(name);
}

/** The parameters after the disposition type, by lower-cased name (first occurrence wins). */
function dispositionParameters(header: string): Map<string, string> {
  const parameters = new Map<string, string>();
  const pattern = /;\s*([^\s=;]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)/g;
  for (const match of header.matchAll(pattern)) {
    const name = (match[1] ?? '').toLowerCase();
    let value = (match[2] ?? '').trim();
    if (value.startsWith('"')) value = value.slice(1, -1).replace(/\\(.)/g, '$1');
    if (!parameters.has(name)) parameters.set(name, value);
  }
  return parameters;
}

/** `charset'language'percent-encoded` (RFC 5987 §3.2); null when malformed or not decodable. */
function decodeExtendedValue(value: string): string | null {
  const match = /^([A-Za-z0-9!#$&+^`{}~-]*)'[A-Za-z0-9-]*'(.*)$/.exec(value);
  if (!match) return null;
  const charset = (match[1] ?? '').toLowerCase();
  const encoded = match[2] ?? '';
  try {
    if (charset === 'utf-8' || charset === '') return decodeURIComponent(encoded);
    if (charset === 'iso-8859-1') {
      return encoded.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) =>
        String.fromCharCode(parseInt(hex, 16)),
      );
    }
  } catch {
    return null;
  }
  return null;
}

/** The last path segment, without control characters, never empty, "." or "..". */
function safeFileName(name: string): string | null {
  const base = (name.split(/[/\\]/).at(-1) ?? '')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim();
  return base === '' || base === '.' || base === '..' ? null : base;
}

/** The body of a blob response with the name from its `Content-Disposition` (or `fallbackName`). */
export function downloadedFileOf(response: HttpResponse<Blob>, fallbackName: string): DownloadedFile {
  const contentType = response.headers.get('Content-Type');
  return {
    blob: response.body ?? new Blob([], { type: contentType ?? 'application/octet-stream' }),
    fileName: parseContentDisposition(response.headers.get('Content-Disposition')) ?? fallbackName,
    contentType,
  };
}

/**
 * GETs `url` as a blob through the HttpClient, so the auth interceptor adds the bearer token a
 * plain link would not carry. A refusal is rethrown as an HttpErrorResponse whose body is the
 * problem document read from the blob, so `toApiProblem` can show the API's reasons.
 */
export async function fetchFile(
  http: HttpClient,
  url: string,
  options: { readonly fallbackName: string; readonly params?: HttpParams | Record<string, string> },
): Promise<DownloadedFile> {
  try {
    const response = await firstValueFrom(
      http.get(url, { params: options.params, observe: 'response', responseType: 'blob' }),
    );
    return downloadedFileOf(response, options.fallbackName);
  } catch (error) {
    throw await withReadableBody(error);
  }
}

/** An HTTP error whose body is a Blob or ArrayBuffer, with the body as text instead. */
export async function withReadableBody(error: unknown): Promise<unknown> {
  if (!(error instanceof HttpErrorResponse)) return error;
  const body: unknown = error.error;
  let text: string | null = null;
  if (body instanceof Blob) text = await readBlobAsText(body);
  else if (body instanceof ArrayBuffer) text = new TextDecoder().decode(body);
  if (text === null) return error;
  return new HttpErrorResponse({
    error: text,
    headers: error.headers,
    status: error.status,
    statusText: error.statusText,
    url: error.url ?? undefined,
  });
}

/** A blob's text (FileReader, which every browser and jsdom have). */
export function readBlobAsText(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result ?? ''));
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read.'));
    reader.readAsText(blob);
  });
}

/** Offers a downloaded file to the user under its name (an object URL, revoked afterwards). */
export function saveFile(file: Pick<DownloadedFile, 'blob' | 'fileName'>): void {
  const url = URL.createObjectURL(file.blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = file.fileName;
  anchor.rel = 'noopener';
  anchor.style.display = 'none';
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
