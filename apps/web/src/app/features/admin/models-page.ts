import { ChangeDetectionStrategy, Component, inject, type OnInit, signal } from '@angular/core';
import { type ApiProblem, toApiProblem } from '@prospect/web-data-access';
import { type ModelRegistration, ModelsApi, type RegisteredModel } from '@prospect/web-data-access/admin';
import { downloadText, ProblemAlert } from '@prospect/web-ui';
import { formatDateTime } from '@prospect/web-ui/records';
import { firstValueFrom } from 'rxjs';
import { copyText, formatBytes, shortHash } from './admin-format';
import { ModelRegisterForm } from './model-register-form';

/** The model registry: every ONNX model with its SHA-256, card and I/O signature; register one. */
@Component({
  selector: 'app-models-page',
  imports: [ProblemAlert, ModelRegisterForm],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>Models</h1>
    <app-problem-alert [problem]="problem()" />
    @if (outcome(); as outcome) {
      <p class="notice notice--good" role="status">
        {{ outcome.created ? 'Registered' : 'Already registered (the same bytes)' }}: {{ outcome.model.name }}
        {{ outcome.model.version }}, SHA-256 <code class="hash">{{ outcome.model.sha256 }}</code>
      </p>
    }
    <p role="status" class="visually-hidden">{{ copied() }}</p>
    <div class="table-wrap">
      <table class="table table--compact">
        <caption>
          Registered models ({{
            models().length
          }})
        </caption>
        <thead>
          <tr>
            <th scope="col">Model</th>
            <th scope="col">SHA-256</th>
            <th scope="col" class="numeric">Size</th>
            <th scope="col">Registered</th>
            <th scope="col">Card</th>
          </tr>
        </thead>
        <tbody>
          @for (model of models(); track model.sha256) {
            <tr>
              <th scope="row">
                {{ model.name }} <span class="muted">{{ model.version }}</span>
              </th>
              <td>
                <span class="hash" [title]="model.sha256">{{ shortHash(model.sha256, 16) }}</span>
                <button
                  type="button"
                  class="button button--small button--secondary"
                  (click)="copy(model.sha256)"
                  [attr.aria-label]="'Copy the SHA-256 of ' + model.name"
                >
                  Copy
                </button>
                <button
                  type="button"
                  class="button button--small button--secondary"
                  (click)="download(model)"
                  [attr.aria-label]="'Download the ONNX file of ' + model.name"
                >
                  ONNX
                </button>
              </td>
              <td class="numeric">{{ formatBytes(model.byteSize) }}</td>
              <td>{{ formatDateTime(model.registeredAt) }}</td>
              <td>
                <details>
                  <summary>Card and signature</summary>
                  @if (model.card['intendedUse']) {
                    <p><strong>Intended use:</strong> {{ model.card['intendedUse'] }}</p>
                  }
                  <h3>Model card</h3>
                  <pre>{{ json(model.card) }}</pre>
                  <h3>Inputs and outputs (onnxruntime)</h3>
                  <pre>{{ json(model.signature) }}</pre>
                </details>
              </td>
            </tr>
          } @empty {
            <tr>
              <td colspan="5" class="muted">
                {{ loading() ? 'Loading models…' : 'No model registered yet.' }}
              </td>
            </tr>
          }
        </tbody>
      </table>
    </div>
    <app-model-register-form (registered)="onRegistered($event)" />
  `,
  styles: `
    pre {
      white-space: pre-wrap;
      overflow-wrap: anywhere;
      max-height: 24rem;
      overflow: auto;
      font-size: 0.8rem;
    }
  `,
})
export class ModelsPage implements OnInit {
  private readonly api = inject(ModelsApi);
  protected readonly formatDateTime = formatDateTime;
  protected readonly formatBytes = formatBytes;
  protected readonly shortHash = shortHash;
  protected readonly models = signal<readonly RegisteredModel[]>([]);
  protected readonly loading = signal(false);
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly outcome = signal<ModelRegistration | null>(null);
  protected readonly copied = signal('');

  ngOnInit(): void {
    void this.load();
  }

  protected json(value: unknown): string {
    return JSON.stringify(value, null, 2);
  }

  protected async copy(sha256: string): Promise<void> {
    this.copied.set((await copyText(sha256)) ? 'SHA-256 copied.' : 'Copying was not allowed by the browser.');
  }

  protected async download(model: RegisteredModel): Promise<void> {
    try {
      const file = await firstValueFrom(this.api.download(model.sha256));
      downloadText(file.fileName, file.blob);
    } catch (error) {
      this.problem.set(toApiProblem(error));
    }
  }

  protected onRegistered(outcome: ModelRegistration): void {
    this.outcome.set(outcome);
    void this.load();
  }

  private async load(): Promise<void> {
    this.loading.set(true);
    try {
      this.models.set(await firstValueFrom(this.api.list()));
      this.problem.set(null);
    } catch (error) {
      this.problem.set(toApiProblem(error));
    } finally {
      this.loading.set(false);
    }
  }
}
