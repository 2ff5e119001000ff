import { CliError } from '../cli-error';

/** A file part of a multipart upload. */
export interface UploadPart {
  readonly field: string;
  readonly filename: string;
  readonly bytes: Uint8Array;
}

/** A job as `GET …/jobs/{id}` shows it; while running, `result` holds its progress report. */
export interface JobView {
  readonly id: string;
  readonly status: 'queued' | 'running' | 'succeeded' | 'failed';
  readonly result: Record<string, unknown> | null;
  readonly error: string | null;
}

/**
 * The platform's HTTP API as the demo's users call it: every step of `prospect demo` goes through
 * the same endpoints, role checks, validation and audit as a person's browser or script would.
 */
export class ApiClient {
  constructor(private readonly baseUrl: string) {}

  async json<T>(method: 'GET' | 'POST', path: string, token: string | null, body?: unknown): Promise<T> {
    return this.answer<T>(method, path, await this.sendJson(method, path, token, body));
  }

  async upload<T>(
    path: string,
    token: string,
    parts: readonly UploadPart[],
    fields: Readonly<Record<string, string>> = {},
  ): Promise<T> {
    const form = new FormData();
    for (const part of parts) form.append(part.field, new Blob([part.bytes]), part.filename);
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    const response = await fetch(`${this.baseUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    return this.answer<T>('POST', path, response);
  }

  /**
   * Enrolls a patient; `'not-eligible'` when the protocol's criteria exclude it (a screening
   * failure, not an error), otherwise the new pseudonymous subject id.
   */
  async enroll(
    trialPath: string,
    token: string,
    patientReference: string,
    siteCode: string,
  ): Promise<string> {
    const response = await this.sendJson('POST', `${trialPath}/enrollments`, token, {
      patientReference,
      siteCode,
    });
    if (response.status === 422) {
      const problem = (await response.clone().json()) as { code?: string };
      if (problem.code === 'NOT_ELIGIBLE') return 'not-eligible';
    }
    return (await this.answer<{ subjectId: string }>('POST', `${trialPath}/enrollments`, response)).subjectId;
  }

  /** Polls a job until it ends; a failed job is an error naming the job and its reason. */
  async finished(
    trialPath: string,
    jobId: string,
    token: string,
    onProgress?: (report: Record<string, unknown>) => void,
  ): Promise<JobView> {
    for (let delay = 5; ; delay = Math.min(delay * 2, 100)) {
      const job = await this.json<JobView>('GET', `${trialPath}/jobs/${jobId}`, token);
      if (job.status === 'running' && job.result && onProgress) onProgress(job.result);
      if (job.status === 'succeeded') return job;
      if (job.status === 'failed')
        throw new CliError(`job ${jobId} failed: ${job.error ?? 'no reason given'}`);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }

  private sendJson(
    method: 'GET' | 'POST',
    path: string,
    token: string | null,
    body: unknown,
  ): Promise<Response> {
    return fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  private async answer<T>(method: string, path: string, response: Response): Promise<T> {
    const text = await response.text();
    if (!response.ok) {
      throw new CliError(`${method} ${path} answered ${response.status}: ${text.slice(0, 500)}`);
    }
    if (text.length === 0) return undefined as T;
    return JSON.parse(text) as T;
  }
}
