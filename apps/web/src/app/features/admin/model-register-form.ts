import { ChangeDetectionStrategy, Component, computed, inject, output, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { type ApiProblem, toApiProblem } from '@prospect/web-data-access';
import { type ModelRegistration, ModelsApi } from '@prospect/web-data-access/admin';
import { ProblemAlert } from '@prospect/web-ui';
import { firstValueFrom } from 'rxjs';

/** Registers an ONNX model with its model card (a .json file or pasted JSON). */
@Component({
  selector: 'app-model-register-form',
  imports: [FormsModule, ProblemAlert],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form class="form" (ngSubmit)="submit()" aria-labelledby="register-model-title">
      <h2 id="register-model-title">Register a model</h2>
      <fieldset [disabled]="busy()">
        <legend>ONNX file and model card</legend>
        <label for="model-file">ONNX model (.onnx)</label>
        <input
          id="model-file"
          name="model"
          type="file"
          accept=".onnx,application/octet-stream"
          (change)="pickModel($event)"
        />
        @if (fieldError('model'); as error) {
          <p class="field-error">{{ error }}</p>
        }
        <label for="card-file">Model card file (.json), or paste it below</label>
        <input
          id="card-file"
          name="cardFile"
          type="file"
          accept=".json,application/json"
          (change)="pickCard($event)"
        />
        <label for="card-text">Model card (JSON)</label>
        <textarea
          id="card-text"
          name="card"
          rows="10"
          spellcheck="false"
          [ngModel]="card()"
          (ngModelChange)="card.set($event)"
          [attr.aria-invalid]="cardError() ? true : null"
          [attr.aria-describedby]="cardError() ? 'card-error' : null"
        ></textarea>
        @if (cardError() ?? fieldError('card'); as error) {
          <p class="field-error" id="card-error">{{ error }}</p>
        }
        <div class="actions">
          <button type="submit" class="button" [disabled]="!model() || !card().trim() || !!cardError()">
            Register the model
          </button>
        </div>
      </fieldset>
    </form>
    <app-problem-alert [problem]="problem()" />
  `,
})
export class ModelRegisterForm {
  readonly registered = output<ModelRegistration>();
  private readonly api = inject(ModelsApi);
  protected readonly model = signal<File | null>(null);
  protected readonly card = signal('');
  protected readonly busy = signal(false);
  protected readonly problem = signal<ApiProblem | null>(null);
  /** The card is checked as JSON here first; the API checks it against the model. */
  protected readonly cardError = computed(() => {
    const text = this.card().trim();
    if (!text) return null;
    try {
      const parsed: unknown = JSON.parse(text);
      return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
        ? null
        : 'The model card must be a JSON object.';
    } catch (error) {
      return `Not JSON: ${(error as Error).message}`;
    }
  });

  protected fieldError(field: string): string | null {
    const errors =
      this.problem()?.errors.filter(
        (error) => error.field === field || error.field.startsWith(`${field}.`),
      ) ?? [];
    return errors.length > 0 ? errors.map((error) => `${error.field}: ${error.reason}`).join('; ') : null;
  }

  protected pickModel(event: Event): void {
    this.model.set((event.target as HTMLInputElement).files?.[0] ?? null);
  }

  protected async pickCard(event: Event): Promise<void> {
    const file = (event.target as HTMLInputElement).files?.[0];
    if (file) this.card.set(await file.text());
  }

  protected async submit(): Promise<void> {
    const model = this.model();
    if (!model || !this.card().trim() || this.cardError() || this.busy()) return;
    this.busy.set(true);
    this.problem.set(null);
    try {
      this.registered.emit(await firstValueFrom(this.api.register(model, model.name, this.card())));
    } catch (error) {
      this.problem.set(toApiProblem(error));
    } finally {
      this.busy.set(false);
    }
  }
}
