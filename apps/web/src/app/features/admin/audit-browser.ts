import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { FormsModule } from '@angular/forms';
import { type ApiProblem, SessionStore, toApiProblem, TrialContextStore } from '@prospect/web-data-access';
import {
  AuditApi,
  type AuditEvent,
  type AuditExportFormat,
  type AuditFilter,
  type User,
  UsersApi,
} from '@prospect/web-data-access/admin';
import { downloadText, ProblemAlert } from '@prospect/web-ui';
import { formatDateTime } from '@prospect/web-ui/records';
import { firstValueFrom } from 'rxjs';
import { localToIso } from './admin-format';
import { AuditEventDetails } from './audit-event-details';

/**
 * The audit trail, oldest first, filtered the ways the API filters it (action, actor, entity,
 * time range), a page at a time after a sequence number; any event opens to its before and after
 * values, reason and signature. The filtered trail downloads as the API's CSV or JSON export.
 */
@Component({
  selector: 'app-audit-browser',
  imports: [FormsModule, ProblemAlert, AuditEventDetails],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './audit-browser.html',
})
export class AuditBrowser {
  /** One trial's trail; null for the whole platform's (administrators). */
  readonly trialCode = input<string | null>(null);
  private readonly api = inject(AuditApi);
  private readonly usersApi = inject(UsersApi);
  private readonly session = inject(SessionStore);
  private readonly context = inject(TrialContextStore);
  protected readonly formatDateTime = formatDateTime;

  protected readonly action = signal('');
  protected readonly actorId = signal('');
  protected readonly entityType = signal('');
  protected readonly entityId = signal('');
  protected readonly from = signal('');
  protected readonly to = signal('');
  protected readonly limit = signal(100);
  /** The filter in force (applied), so paging and export use what the table shows. */
  protected readonly applied = signal<AuditFilter>({});
  /** `afterSequence` of each page before the current one; the current page's is last. */
  private readonly cursors = signal<readonly (string | undefined)[]>([undefined]);
  protected readonly page = computed(() => this.cursors().length);
  protected readonly events = signal<readonly AuditEvent[]>([]);
  protected readonly loading = signal(false);
  protected readonly exporting = signal(false);
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly expanded = signal<ReadonlySet<string>>(new Set());
  protected readonly users = signal<readonly User[]>([]);
  protected readonly isAdmin = computed(() => this.session.isAdmin());
  protected readonly hasNext = computed(() => this.events().length === this.limit());
  /** Actions, entity types and actors seen so far, to suggest in the filters. */
  protected readonly seenActions = signal<ReadonlySet<string>>(new Set());
  protected readonly seenEntityTypes = signal<ReadonlySet<string>>(new Set());
  protected readonly seenActors = signal<ReadonlyMap<string, string>>(new Map());
  private readonly trialCodes = computed(
    () => new Map(this.context.trials().map((trial) => [trial.id, trial.code] as const)),
  );

  constructor() {
    effect(() => {
      this.trialCode();
      untracked(() => this.apply());
    });
    if (this.session.isAdmin()) {
      void this.loadUsers();
      if (this.context.trials().length === 0) void this.context.loadTrials();
    }
  }

  /** The trial code of an event, for verifying its signature. */
  protected codeOf(event: AuditEvent): string | null {
    return this.trialCode() ?? (event.trialId ? (this.trialCodes().get(event.trialId) ?? null) : null);
  }

  protected apply(): void {
    this.applied.set({
      action: this.action().trim(),
      actorId: this.actorId().trim(),
      entityType: this.entityType().trim(),
      entityId: this.entityId().trim(),
      from: localToIso(this.from()),
      to: localToIso(this.to()),
    });
    this.cursors.set([undefined]);
    void this.load();
  }

  protected clear(): void {
    for (const field of [this.action, this.actorId, this.entityType, this.entityId, this.from, this.to])
      field.set('');
    this.apply();
  }

  protected next(): void {
    const last = this.events().at(-1);
    if (!last) return;
    this.cursors.update((cursors) => [...cursors, last.sequence]);
    void this.load();
  }

  protected previous(): void {
    if (this.cursors().length <= 1) return;
    this.cursors.update((cursors) => cursors.slice(0, -1));
    void this.load();
  }

  protected toggle(id: string): void {
    this.expanded.update((open) => {
      const next = new Set(open);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  }

  protected async download(format: AuditExportFormat): Promise<void> {
    this.exporting.set(true);
    this.problem.set(null);
    try {
      const file = await firstValueFrom(this.api.export(this.trialCode(), this.applied(), format));
      downloadText(file.fileName, file.blob);
    } catch (error) {
      this.problem.set(toApiProblem(error));
    } finally {
      this.exporting.set(false);
    }
  }

  private async load(): Promise<void> {
    this.loading.set(true);
    this.problem.set(null);
    try {
      const events = await firstValueFrom(
        this.api.events(this.trialCode(), {
          ...this.applied(),
          afterSequence: this.cursors().at(-1),
          limit: this.limit(),
        }),
      );
      this.events.set(events);
      this.expanded.set(new Set());
      this.seenActions.update((seen) => new Set([...seen, ...events.map((event) => event.action)]));
      this.seenEntityTypes.update((seen) => new Set([...seen, ...events.map((event) => event.entityType)]));
      this.seenActors.update((seen) => {
        const next = new Map(seen);
        for (const event of events)
          if (event.actorId) next.set(event.actorId, event.actorUsername ?? event.actorId);
        return next;
      });
    } catch (error) {
      this.events.set([]);
      this.problem.set(toApiProblem(error));
    } finally {
      this.loading.set(false);
    }
  }

  private async loadUsers(): Promise<void> {
    try {
      this.users.set(await firstValueFrom(this.usersApi.list()));
    } catch (error) {
      this.problem.set(toApiProblem(error));
    }
  }
}
