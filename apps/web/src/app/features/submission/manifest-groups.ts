import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import {
  type PackageFile,
  fileKind,
  fileNameOf,
  formatBytes,
  groupManifest,
} from '@prospect/web-data-access/submission';
import { HashText } from '@prospect/web-ui/records';

/** The manifest by folder: every file with its path, kind, size and SHA-256, and a download button. */
@Component({
  selector: 'app-manifest-groups',
  imports: [HashText],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @for (group of groups(); track group.folder) {
      <section class="manifest-group" [attr.aria-label]="group.label">
        <div class="table-wrap">
          <table class="table table--compact">
            <caption>
              <strong>{{ group.label }}</strong>
              <code class="muted">{{ group.folder || '/' }}</code>
              —
              {{
                group.files.length
              }}
              {{
                group.files.length === 1 ? 'file' : 'files'
              }},
              {{
                bytes(group.bytes)
              }}
              @if (group.description) {
                <br /><span class="muted">{{ group.description }}</span>
              }
            </caption>
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Kind</th>
                <th scope="col" class="numeric">Size</th>
                <th scope="col">SHA-256</th>
                <th scope="col"><span class="visually-hidden">Download</span></th>
              </tr>
            </thead>
            <tbody>
              @for (file of group.files; track file.path) {
                <tr>
                  <th scope="row">
                    <code [attr.title]="file.path">{{ name(file.path) }}</code>
                  </th>
                  <td>{{ kind(file.path) }}</td>
                  <td class="numeric" [attr.title]="file.bytes + ' bytes'">{{ bytes(file.bytes) }}</td>
                  <td><app-hash-text [value]="file.sha256" [label]="'SHA-256 of ' + file.path" /></td>
                  <td>
                    <button
                      type="button"
                      class="button button--secondary button--small"
                      [disabled]="busyPath() !== null"
                      [attr.aria-label]="'Download ' + file.path"
                      (click)="download.emit(file)"
                    >
                      {{ busyPath() === file.path ? 'Downloading…' : 'Download' }}
                    </button>
                  </td>
                </tr>
              }
            </tbody>
          </table>
        </div>
      </section>
    }
  `,
})
export class ManifestGroups {
  readonly files = input.required<readonly PackageFile[]>();
  /** The file being downloaded, if any (every button waits meanwhile). */
  readonly busyPath = input<string | null>(null);
  readonly download = output<PackageFile>();
  protected readonly groups = computed(() => groupManifest(this.files()));
  protected readonly bytes = formatBytes;
  protected readonly kind = fileKind;
  protected readonly name = fileNameOf;
}
