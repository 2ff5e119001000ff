import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { Observable } from 'rxjs';
import { API_BASE } from '../api/api-base';
import type {
  CreatedUser,
  CreateUserRequest,
  GrantRoleRequest,
  PasswordReset,
  RoleAssignment,
  User,
  UserAction,
} from './admin.models';

/** User administration (administrators only): accounts, lockouts, one-time passwords, trial roles. */
@Injectable({ providedIn: 'root' })
export class UsersApi {
  private readonly http = inject(HttpClient);
  private readonly apiBase = inject(API_BASE);

  list(): Observable<User[]> {
    return this.http.get<User[]>(`${this.apiBase}/users`);
  }

  get(userId: string): Observable<User> {
    return this.http.get<User>(this.url(userId));
  }

  create(request: CreateUserRequest): Observable<CreatedUser> {
    return this.http.post<CreatedUser>(`${this.apiBase}/users`, request);
  }

  /** Deactivate (ends their sessions), reactivate or unlock, with the reason for the audit trail. */
  act(userId: string, action: UserAction, reason: string): Observable<User> {
    return this.http.post<User>(this.url(userId, action), { reason });
  }

  resetPassword(userId: string, reason: string): Observable<PasswordReset> {
    return this.http.post<PasswordReset>(this.url(userId, 'password-reset'), { reason });
  }

  roles(userId: string, includeRevoked = true): Observable<RoleAssignment[]> {
    return this.http.get<RoleAssignment[]>(this.url(userId, 'roles'), {
      params: new HttpParams().set('includeRevoked', String(includeRevoked)),
    });
  }

  grantRole(userId: string, request: GrantRoleRequest): Observable<RoleAssignment> {
    return this.http.post<RoleAssignment>(this.url(userId, 'roles'), request);
  }

  revokeRole(userId: string, assignmentId: string, reason: string): Observable<RoleAssignment> {
    return this.http.post<RoleAssignment>(this.url(userId, 'roles', assignmentId, 'revoke'), { reason });
  }

  private url(userId: string, ...segments: string[]): string {
    return [`${this.apiBase}/users`, ...[userId, ...segments].map(encodeURIComponent)].join('/');
  }
}
