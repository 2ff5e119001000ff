import { HttpClient } from '@angular/common/http';
import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { API_BASE } from '../api/api-base';
import type { Me, StoredSession, TokenPair, TrialRole } from './auth.models';

const STORAGE_KEY = 'prospect.session';
/** Refresh this long before the access token expires, so no request races its expiry. */
const REFRESH_MARGIN_MS = 15_000;

export type SessionEndReason = 'logout' | 'expired' | 'revoked';

/**
 * Who is logged in, with which tokens, until when. Tokens live in this tab's sessionStorage (a
 * reload keeps the session, another tab or a closed browser does not). Refresh tokens are single
 * use, so concurrent refreshes share one request.
 */
@Injectable({ providedIn: 'root' })
export class SessionStore {
  private readonly http = inject(HttpClient);
  private readonly apiBase = inject(API_BASE);
  private readonly storage: Storage | undefined = globalThis.sessionStorage;

  private readonly sessionState = signal<StoredSession | null>(this.readStoredSession());
  private readonly meState = signal<Me | null>(null);
  private readonly endedState = signal<SessionEndReason | null>(null);
  private refreshInFlight: Promise<boolean> | null = null;
  private expiryTimer: ReturnType<typeof setTimeout> | undefined;

  /** The signed-in user and their roles, once known. */
  readonly me = this.meState.asReadonly();
  /** Why the last session ended, for the login page to say so. */
  readonly ended = this.endedState.asReadonly();
  readonly isAuthenticated = computed(() => this.sessionState() !== null && this.meState() !== null);
  readonly mustChangePassword = computed(() => this.meState()?.mustChangePassword ?? false);
  /** When the session ends at the latest (the refresh token's expiry), ms since the epoch. */
  readonly sessionExpiresAt = computed(() => this.sessionState()?.refreshExpiresAt ?? null);

  constructor() {
    inject(DestroyRef).onDestroy(() => clearTimeout(this.expiryTimer));
    this.scheduleExpiry();
  }

  /** The access token to send, or null without a session. */
  accessToken(): string | null {
    return this.sessionState()?.accessToken ?? null;
  }

  /** True when the access token is expired or about to be. */
  accessTokenStale(now = Date.now()): boolean {
    const session = this.sessionState();
    return session !== null && session.accessExpiresAt - REFRESH_MARGIN_MS <= now;
  }

  /** Restores a stored session after a reload: true when it is still valid. */
  async restore(): Promise<boolean> {
    const stored = this.sessionState();
    if (!stored) return false;
    if (stored.refreshExpiresAt <= Date.now()) {
      this.end('expired');
      return false;
    }
    try {
      await this.loadMe();
      return true;
    } catch {
      // The interceptor ends the session when the tokens are refused; anything else (server down) keeps it.
      return this.sessionState() !== null && this.meState() !== null;
    }
  }

  async login(username: string, password: string): Promise<Me> {
    const tokens = await firstValueFrom(
      this.http.post<TokenPair>(`${this.apiBase}/auth/login`, { username, password }),
    );
    this.store(tokens);
    this.endedState.set(null);
    return this.loadMe();
  }

  async changePassword(currentPassword: string, newPassword: string): Promise<void> {
    await firstValueFrom(
      this.http.post<void>(`${this.apiBase}/auth/password`, { currentPassword, newPassword }),
    );
    await this.loadMe();
  }

  async logout(): Promise<void> {
    if (this.sessionState()) {
      try {
        await firstValueFrom(this.http.post<void>(`${this.apiBase}/auth/logout`, {}));
      } catch {
        // The session ends here either way; the server lets the token expire.
      }
    }
    this.end('logout');
  }

  /** Exchanges the refresh token for new tokens; false (and the session ended) when refused. */
  refresh(): Promise<boolean> {
    this.refreshInFlight ??= this.doRefresh().finally(() => (this.refreshInFlight = null));
    return this.refreshInFlight;
  }

  /** Ends the session locally (tokens refused, expired). */
  end(reason: SessionEndReason): void {
    this.storage?.removeItem(STORAGE_KEY);
    clearTimeout(this.expiryTimer);
    this.sessionState.set(null);
    this.meState.set(null);
    this.endedState.set(reason);
  }

  async loadMe(): Promise<Me> {
    const me = await firstValueFrom(this.http.get<Me>(`${this.apiBase}/auth/me`));
    this.meState.set(me);
    return me;
  }

  isAdmin(): boolean {
    return this.meState()?.isAdmin ?? false;
  }

  /** Roles the user holds in a trial (none for trials they are not in). */
  rolesIn(trialCode: string): readonly TrialRole[] {
    const trial = this.meState()?.trials.find((candidate) => candidate.trialCode === trialCode);
    return (trial?.roles ?? []) as readonly TrialRole[];
  }

  hasAnyRole(trialCode: string, roles: readonly TrialRole[]): boolean {
    const held = this.rolesIn(trialCode);
    return roles.some((role) => held.includes(role));
  }

  private async doRefresh(): Promise<boolean> {
    const session = this.sessionState();
    if (!session) return false;
    try {
      const tokens = await firstValueFrom(
        this.http.post<TokenPair>(`${this.apiBase}/auth/refresh`, { refreshToken: session.refreshToken }),
      );
      this.store(tokens);
      return true;
    } catch {
      this.end('expired');
      return false;
    }
  }

  private store(tokens: TokenPair): void {
    const session: StoredSession = {
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      accessExpiresAt: Date.now() + tokens.expiresIn * 1000,
      refreshExpiresAt: Date.parse(tokens.refreshExpiresAt),
    };
    this.storage?.setItem(STORAGE_KEY, JSON.stringify(session));
    this.sessionState.set(session);
    this.scheduleExpiry();
  }

  private scheduleExpiry(): void {
    clearTimeout(this.expiryTimer);
    const session = this.sessionState();
    if (!session) return;
    // setTimeout overflows past 2^31 ms (24.8 days); re-check then.
    const delay = Math.min(Math.max(0, session.refreshExpiresAt - Date.now()), 2 ** 31 - 1);
    this.expiryTimer = setTimeout(() => {
      const current = this.sessionState();
      if (current && current.refreshExpiresAt <= Date.now()) this.end('expired');
      else this.scheduleExpiry();
    }, delay);
  }

  private readStoredSession(): StoredSession | null {
    const raw = this.storage?.getItem(STORAGE_KEY);
    if (!raw) return null;
    try {
      const parsed = JSON.parse(raw) as Partial<StoredSession>;
      if (
        typeof parsed.accessToken === 'string' &&
        typeof parsed.refreshToken === 'string' &&
        typeof parsed.accessExpiresAt === 'number' &&
        typeof parsed.refreshExpiresAt === 'number'
      ) {
        return parsed as StoredSession;
      }
    } catch {
      // A damaged entry is no session.
    }
    this.storage?.removeItem(STORAGE_KEY);
    return null;
  }
}
