import { HttpClient } from '@angular/common/http';
import { Injectable, computed, inject, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { API_BASE, trialPath } from '../api/api-base';
import { toApiProblem, type ApiProblem } from '../api/api-problem';
import type { TrialRole } from '../auth/auth.models';
import { SessionStore } from '../auth/session.store';
import type { Trial } from './trials.models';

/**
 * The trials the user can see and the one they are working in. The current trial follows the
 * URL (`/trials/:trialCode/...`); the shell sets it from the router.
 */
@Injectable({ providedIn: 'root' })
export class TrialContextStore {
  private readonly http = inject(HttpClient);
  private readonly apiBase = inject(API_BASE);
  private readonly session = inject(SessionStore);

  private readonly trialsState = signal<readonly Trial[]>([]);
  private readonly currentCodeState = signal<string | null>(null);
  private readonly currentTrialState = signal<Trial | null>(null);
  private readonly problemState = signal<ApiProblem | null>(null);

  readonly trials = this.trialsState.asReadonly();
  readonly currentCode = this.currentCodeState.asReadonly();
  readonly currentTrial = this.currentTrialState.asReadonly();
  readonly problem = this.problemState.asReadonly();
  /** The user's roles in the current trial. */
  readonly roles = computed<readonly TrialRole[]>(() => {
    const code = this.currentCodeState();
    this.session.me();
    return code ? this.session.rolesIn(code) : [];
  });

  async loadTrials(): Promise<void> {
    try {
      this.trialsState.set(await firstValueFrom(this.http.get<Trial[]>(`${this.apiBase}/trials`)));
      this.problemState.set(null);
    } catch (error) {
      this.problemState.set(toApiProblem(error));
    }
  }

  /** Switches to a trial (or to none); loads its details when the user may read them. */
  async select(trialCode: string | null): Promise<void> {
    if (trialCode === this.currentCodeState() && (trialCode === null || this.currentTrialState())) return;
    this.currentCodeState.set(trialCode);
    this.currentTrialState.set(null);
    if (!trialCode) return;
    try {
      const trial = await firstValueFrom(this.http.get<Trial>(`${this.apiBase}/${trialPath(trialCode)}`));
      if (this.currentCodeState() === trialCode) this.currentTrialState.set(trial);
    } catch (error) {
      if (this.currentCodeState() === trialCode) this.problemState.set(toApiProblem(error));
    }
  }

  hasRole(...roles: readonly TrialRole[]): boolean {
    return roles.some((role) => this.roles().includes(role));
  }
}
