/** Who is acting, as every audited write records it. `null` id means the system itself (start-up, CLI without login). */
export interface Actor {
  readonly userId: string | null;
  readonly username: string | null;
  readonly requestId: string | null;
}

export const SYSTEM_ACTOR: Actor = { userId: null, username: 'system', requestId: null };
