import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { RouterLink } from '@angular/router';
import { type ApiProblem, type Job, JobsApi, toApiProblem } from '@prospect/web-data-access';
import {
  PACKAGE_SIGNER_ROLES,
  type PackageFile,
  SubmissionApi,
  type SubmissionPackage,
  canonicalJson,
  formatBytes,
  saveFile,
  sha256Hex,
} from '@prospect/web-data-access/submission';
import { JobProgress, ProblemAlert, type SignatureInput } from '@prospect/web-ui';
import { DateTimePipe, HashText } from '@prospect/web-ui/records';
import { type Subscription, firstValueFrom } from 'rxjs';
import { injectMayUse, injectTrialCode } from '../ledger/trial-access';
import { ManifestGroups } from './manifest-groups';
import { PackageSignatures } from './package-signatures';
import { PACKAGE_STATUS } from './package-status';

/**
 * One submission package: its manifest by folder with every file's size and SHA-256, the
 * manifest's signatures (and signing, for regulatory staff), downloads (each file, or the whole
 * package as a ZIP checked file by file) and how to verify it offline.
 */
@Component({
  selector: 'app-package-detail-page',
  imports: [RouterLink, ProblemAlert, JobProgress, HashText, DateTimePipe, ManifestGroups, PackageSignatures],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <p><a routerLink="../..">All submission packages</a></p>
    <h1>Submission package {{ packageNumber() }}</h1>
    <app-problem-alert [problem]="problem()" />
    @if (pkg(); as pkg) {
      <dl class="facts">
        <dt>Status</dt>
        <dd>
          <span class="badge {{ status[pkg.status].badge }}">{{ status[pkg.status].text }}</span>
        </dd>
        <dt>Requested</dt>
        <dd>{{ pkg.requestedAt | dateTime }}</dd>
        <dt>Built</dt>
        <dd>{{ pkg.builtAt | dateTime }}</dd>
        @if (pkg.manifest; as manifest) {
          <dt>Protocol version</dt>
          <dd>{{ manifest.protocolVersion }}</dd>
          <dt>Format</dt>
          <dd>
            <code>{{ manifest.format }}</code>
          </dd>
          <dt>Files</dt>
          <dd>{{ manifest.files.length }} ({{ totalSize() }})</dd>
        }
        <dt>Manifest SHA-256</dt>
        <dd>
          <app-hash-text [value]="pkg.manifestSha256" label="manifest SHA-256" [length]="0" />
          @if (manifestCheck() === 'match') {
            <span class="badge badge--good">Matches the manifest shown</span>
          } @else if (manifestCheck() === 'mismatch') {
            <span class="badge badge--bad">Does not match the manifest shown</span>
          }
        </dd>
      </dl>

      @if (job(); as job) {
        <app-job-progress [job]="job" [label]="'Building package ' + pkg.packageNumber" />
      }

      @if (pkg.manifest; as manifest) {
        <section aria-labelledby="download-title">
          <h2 id="download-title">Download</h2>
          <p>
            The whole package as one ZIP: every file is fetched, checked here against the manifest's size and
            SHA-256, and stored unchanged next to <code>manifest.json</code>.
          </p>
          <div class="actions">
            <button type="button" class="button" [disabled]="downloading()" (click)="downloadPackage()">
              {{ downloading() ? 'Downloading…' : 'Download the package (' + totalSize() + ')' }}
            </button>
          </div>
          @if (archiveProgress(); as progress) {
            <label for="archive-progress"
              >Files downloaded and checked: {{ progress.done }} of {{ progress.total }}</label
            >
            <progress id="archive-progress" [max]="progress.total" [value]="progress.done"></progress>
          }
          <app-problem-alert [problem]="downloadProblem()" />
          @if (downloadMessage()) {
            <p class="notice notice--good" role="status">{{ downloadMessage() }}</p>
          }
        </section>

        <app-package-signatures
          [signatures]="pkg.signatures"
          [maySign]="maySign()"
          [statement]="signStatement()"
          [busy]="signing()"
          [problem]="signProblem()"
          [signedMessage]="signedMessage()"
          (sign)="sign($event)"
        />

        <section aria-labelledby="verify-offline-title">
          <h2 id="verify-offline-title">Verify offline</h2>
          <ol>
            <li>Download the package and unzip it.</li>
            <li>
              Run <code>prospect verify {{ folderName() }}</code> (add <code>--trusted-key</code> with the
              trial's published key id to pin the ledger to its trust anchor).
            </li>
            <li>
              It checks that every file listed in <code>manifest.json</code> is present with its size and
              SHA-256, that no unlisted file was added, and the ledger in <code>ledger/</code>: signatures,
              proofs and that each prediction was locked before treatment. Exit code 0 means everything
              passed.
            </li>
            <li>
              Compare the SHA-256 of the manifest's canonical JSON (RFC 8785) with the signed value above:
              <code class="hash">{{ pkg.manifestSha256 }}</code>.
            </li>
          </ol>
        </section>

        <h2>Manifest</h2>
        <app-manifest-groups
          [files]="manifest.files"
          [busyPath]="filePath()"
          (download)="downloadFile($event)"
        />
      }
    }
  `,
})
export class PackageDetailPage {
  /** From the route (`packages/:packageNumber`). */
  readonly packageNumber = input.required<string>();
  private readonly submission = inject(SubmissionApi);
  private readonly jobs = inject(JobsApi);
  private readonly mayUse = injectMayUse();
  protected readonly trialCode = injectTrialCode();
  protected readonly status = PACKAGE_STATUS;

  protected readonly pkg = signal<SubmissionPackage | null>(null);
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly job = signal<Job | null>(null);
  protected readonly manifestCheck = signal<'match' | 'mismatch' | null>(null);
  protected readonly downloading = signal(false);
  protected readonly archiveProgress = signal<{ done: number; total: number } | null>(null);
  protected readonly downloadProblem = signal<ApiProblem | null>(null);
  protected readonly downloadMessage = signal<string | null>(null);
  protected readonly filePath = signal<string | null>(null);
  protected readonly signing = signal(false);
  protected readonly signProblem = signal<ApiProblem | null>(null);
  protected readonly signedMessage = signal<string | null>(null);
  private watching: Subscription | null = null;

  protected readonly maySign = computed(
    () => this.mayUse(PACKAGE_SIGNER_ROLES) && this.pkg()?.status === 'built',
  );
  protected readonly totalSize = computed(() =>
    formatBytes(this.pkg()?.manifest?.files.reduce((sum, file) => sum + file.bytes, 0) ?? 0),
  );
  protected readonly folderName = computed(
    () => `${this.trialCode() ?? 'trial'}-submission-package-${this.packageNumber()}`,
  );
  protected readonly signStatement = computed(
    () =>
      `You sign the manifest of package ${this.packageNumber()} (SHA-256 ${this.pkg()?.manifestSha256 ?? ''}), and with it every file it lists. Signing is the legally binding equivalent of your handwritten signature.`,
  );

  constructor() {
    inject(DestroyRef).onDestroy(() => this.watching?.unsubscribe());
    effect(() => {
      const code = this.trialCode();
      const number = Number(this.packageNumber());
      if (code && Number.isInteger(number) && number > 0) untracked(() => void this.load(code, number));
    });
  }

  private async load(trialCode: string, packageNumber: number): Promise<void> {
    try {
      const pkg = await firstValueFrom(this.submission.get(trialCode, packageNumber));
      this.show(pkg);
      this.problem.set(null);
      if (pkg.status === 'queued' || pkg.status === 'running') this.follow(trialCode, pkg);
      else if (pkg.status === 'failed')
        this.job.set(await firstValueFrom(this.jobs.get(trialCode, pkg.jobId)));
    } catch (error) {
      this.problem.set(toApiProblem(error));
    }
  }

  private show(pkg: SubmissionPackage): void {
    this.pkg.set(pkg);
    this.manifestCheck.set(null);
    if (pkg.manifest && pkg.manifestSha256) {
      const expected = pkg.manifestSha256;
      void sha256Hex(canonicalJson(pkg.manifest)).then((actual) => {
        if (actual !== null && this.pkg() === pkg)
          this.manifestCheck.set(actual === expected ? 'match' : 'mismatch');
      });
    }
  }

  private follow(trialCode: string, pkg: SubmissionPackage): void {
    this.watching?.unsubscribe();
    this.watching = this.jobs.watch(trialCode, pkg.jobId).subscribe({
      next: (job) => this.job.set(job),
      error: (error: unknown) => this.problem.set(toApiProblem(error)),
      complete: () => void this.load(trialCode, pkg.packageNumber),
    });
  }

  protected async downloadPackage(): Promise<void> {
    const trialCode = this.trialCode();
    const pkg = this.pkg();
    if (!trialCode || !pkg?.manifest) return;
    this.downloading.set(true);
    this.downloadProblem.set(null);
    this.downloadMessage.set(null);
    this.archiveProgress.set({ done: 0, total: pkg.manifest.files.length });
    try {
      const archive = await this.submission.downloadPackage(trialCode, pkg, (progress) =>
        this.archiveProgress.set({ done: progress.done, total: progress.total }),
      );
      saveFile(archive);
      this.downloadMessage.set(
        `Saved ${archive.fileName}: ${archive.files} files` +
          (archive.hashesChecked
            ? ', each matching its SHA-256 in the manifest.'
            : '; sizes checked (this browser cannot compute SHA-256 here: run prospect verify).'),
      );
    } catch (error) {
      this.downloadProblem.set(toApiProblem(error));
    } finally {
      this.downloading.set(false);
    }
  }

  protected async downloadFile(file: PackageFile): Promise<void> {
    const trialCode = this.trialCode();
    const pkg = this.pkg();
    if (!trialCode || !pkg) return;
    this.filePath.set(file.path);
    this.downloadProblem.set(null);
    this.downloadMessage.set(null);
    try {
      const downloaded = await this.submission.downloadFile(trialCode, pkg.packageNumber, file.path);
      saveFile(downloaded);
      this.downloadMessage.set(`Saved ${downloaded.fileName}.`);
    } catch (error) {
      this.downloadProblem.set(toApiProblem(error));
    } finally {
      this.filePath.set(null);
    }
  }

  protected async sign(input: SignatureInput): Promise<void> {
    const trialCode = this.trialCode();
    const pkg = this.pkg();
    if (!trialCode || !pkg) return;
    this.signing.set(true);
    this.signProblem.set(null);
    this.signedMessage.set(null);
    try {
      this.show(
        await firstValueFrom(
          this.submission.sign(trialCode, pkg.packageNumber, {
            password: input.password,
            meaning: input.meaning,
          }),
        ),
      );
      this.signedMessage.set(`Signed the manifest of package ${pkg.packageNumber} (${input.meaning}).`);
    } catch (error) {
      this.signProblem.set(toApiProblem(error));
    } finally {
      this.signing.set(false);
    }
  }
}
