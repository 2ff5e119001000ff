import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { firstValueFrom } from 'rxjs';
import { toApiProblem, type ApiProblem } from '@prospect/web-data-access';
import { EnrollmentApi, type BaselineImage, type StoredImage } from '@prospect/web-data-access/enrollment';
import { ProblemAlert } from '@prospect/web-ui';
import { formatDateTime, HashText } from '@prospect/web-ui/records';
import { formatBytes } from './format';

const NIFTI = /\.nii(\.gz)?$/i;

/** The baseline image versions with their checks, and (for coordinators) the upload of a new one. */
@Component({
  selector: 'app-baseline-images',
  imports: [FormsModule, ProblemAlert, HashText],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @for (item of newestFirst(); track item.id) {
      <article class="card" [attr.aria-labelledby]="'image-' + item.version">
        <h4 [id]="'image-' + item.version">
          Baseline image version {{ item.version }}
          @if (item.version === latestVersion()) {
            <span class="badge badge--good">current</span>
          }
        </h4>
        <p class="muted">
          Recorded {{ date(item.recordedAt) }}{{ item.reason ? ' · reason: ' + item.reason : '' }}
        </p>
        <dl class="facts">
          <dt>Image</dt>
          <dd>
            {{ describe(item.image) }} <app-hash-text [value]="item.image.sha256" label="image SHA-256" />
          </dd>
          <dt>Mask</dt>
          <dd>{{ describe(item.mask) }} <app-hash-text [value]="item.mask.sha256" label="mask SHA-256" /></dd>
          <dt>Grid</dt>
          <dd>
            {{ item.image.grid.dims.join(' × ') }} voxels of {{ item.image.grid.spacingMm.join(' × ') }} mm,
            origin ({{ item.image.grid.origin.join(', ') }}) mm, direction [{{
              item.image.grid.direction.join(', ')
            }}]
          </dd>
          <dt>Series check</dt>
          <dd>
            @if (item.studyCheck.result === 'matches') {
              <span class="badge badge--good">Matches</span> the linked study
              <span class="hash">{{ item.studyCheck.linkedStudyInstanceUid }}</span>
              (series <span class="hash">{{ item.studyCheck.seriesInstanceUid }}</span>)
            } @else {
              <span class="badge badge--warn">Not verifiable</span> NIfTI carries no Study Instance UID; check
              by hand that it is the linked study.
            }
          </dd>
        </dl>
        @if (item.acquisitionDeviations.length > 0) {
          <div class="table-wrap">
            <table class="table table--compact">
              <caption>
                Acquisition deviations from the protocol (recorded, not refused)
              </caption>
              <thead>
                <tr>
                  <th scope="col">Attribute</th>
                  <th scope="col">DICOM tag</th>
                  <th scope="col">Expected</th>
                  <th scope="col">Found</th>
                  <th scope="col">Meaning</th>
                </tr>
              </thead>
              <tbody>
                @for (deviation of item.acquisitionDeviations; track deviation.attribute) {
                  <tr>
                    <th scope="row">{{ deviation.attribute }}</th>
                    <td>{{ deviation.dicomTag ?? '—' }}</td>
                    <td>{{ deviation.expected }}</td>
                    <td>{{ deviation.found ?? 'not recorded' }}</td>
                    <td>{{ deviation.message }}</td>
                  </tr>
                }
              </tbody>
            </table>
          </div>
        } @else {
          <p class="muted">No acquisition deviation.</p>
        }
      </article>
    } @empty {
      <p class="muted">No baseline image uploaded yet.</p>
    }

    @if (canUpload()) {
      <form class="form" (ngSubmit)="upload()" aria-labelledby="upload-title">
        <h4 id="upload-title">
          {{ images().length > 0 ? 'Replace the baseline image' : 'Upload the baseline image' }}
        </h4>
        <label for="upload-image">Image: the DICOM files of the series, or one NIfTI (.nii, .nii.gz)</label>
        <input id="upload-image" name="image" type="file" multiple (change)="pickImage($event)" />
        @if (imageFiles().length > 0) {
          <p class="muted">{{ imageSummary() }}</p>
        }
        <label for="upload-mask">Lesion mask (NIfTI on the image’s grid)</label>
        <input id="upload-mask" name="mask" type="file" accept=".nii,.gz" (change)="pickMask($event)" />
        @if (images().length > 0) {
          <label for="upload-reason">Why the earlier image is replaced</label>
          <textarea
            id="upload-reason"
            name="reason"
            rows="2"
            maxlength="2000"
            required
            [ngModel]="reason()"
            (ngModelChange)="reason.set($event)"
          ></textarea>
        }
        @if (formError(); as error) {
          <p class="notice notice--warn" role="alert">{{ error }}</p>
        }
        <button
          class="button"
          type="submit"
          [disabled]="busy() || !!formError() || imageFiles().length === 0 || !maskFile()"
        >
          {{ busy() ? 'Uploading…' : 'Upload and check' }}
        </button>
        <app-problem-alert [problem]="problem()" />
      </form>
      @if (uploaded(); as result) {
        <p class="notice notice--good" role="status">
          Baseline image version {{ result.version }} stored: {{ result.image.grid.dims.join(' × ') }} voxels,
          series check {{ result.studyCheck.result }}, {{ result.acquisitionDeviations.length }} acquisition
          deviation{{ result.acquisitionDeviations.length === 1 ? '' : 's' }}.
        </p>
      }
    }
  `,
})
export class BaselineImages {
  private readonly api = inject(EnrollmentApi);
  readonly trialCode = input.required<string>();
  readonly subjectId = input.required<string>();
  readonly images = input.required<readonly BaselineImage[]>();
  readonly canUpload = input(false);
  readonly changed = output<BaselineImage>();

  protected readonly imageFiles = signal<readonly File[]>([]);
  protected readonly maskFile = signal<File | null>(null);
  protected readonly reason = signal('');
  protected readonly busy = signal(false);
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly uploaded = signal<BaselineImage | null>(null);
  protected readonly latestVersion = computed(() =>
    Math.max(0, ...this.images().map((image) => image.version)),
  );
  protected readonly imageSummary = computed(() => {
    const files = this.imageFiles();
    const bytes = files.reduce((sum, file) => sum + file.size, 0);
    return `${files.length} file${files.length === 1 ? '' : 's'}, ${formatBytes(bytes)}`;
  });
  /** What is wrong with the chosen files before anything is sent. */
  protected readonly formError = computed(() => {
    const files = this.imageFiles();
    const niftis = files.filter((file) => NIFTI.test(file.name));
    if (niftis.length > 0 && files.length > 1)
      return 'Give either DICOM files or one NIfTI file, not both or several NIfTIs.';
    const mask = this.maskFile();
    if (mask && !NIFTI.test(mask.name)) return 'The mask must be a NIfTI file (.nii or .nii.gz).';
    if (this.images().length > 0 && files.length > 0 && this.reason().trim().length === 0) {
      return 'Say why the earlier baseline image is replaced.';
    }
    return null;
  });
  protected readonly date = formatDateTime;

  protected newestFirst(): BaselineImage[] {
    return [...this.images()].sort((a, b) => b.version - a.version);
  }

  protected describe(image: StoredImage): string {
    const format = image.format === 'dicom-series' ? 'DICOM series' : 'NIfTI';
    return `${format}, ${image.fileCount} file${image.fileCount === 1 ? '' : 's'}, ${formatBytes(image.byteSize)}`;
  }

  protected pickImage(event: Event): void {
    this.imageFiles.set(Array.from((event.target as HTMLInputElement).files ?? []));
  }

  protected pickMask(event: Event): void {
    this.maskFile.set((event.target as HTMLInputElement).files?.[0] ?? null);
  }

  protected async upload(): Promise<void> {
    const mask = this.maskFile();
    if (!mask || this.formError()) return;
    this.busy.set(true);
    this.problem.set(null);
    this.uploaded.set(null);
    try {
      const result = await firstValueFrom(
        this.api.uploadBaselineImage(this.trialCode(), this.subjectId(), {
          image: this.imageFiles(),
          mask,
          ...(this.images().length > 0 ? { reason: this.reason() } : {}),
        }),
      );
      this.uploaded.set(result);
      this.reason.set('');
      this.changed.emit(result);
    } catch (error) {
      this.problem.set(toApiProblem(error));
    } finally {
      this.busy.set(false);
    }
  }
}
