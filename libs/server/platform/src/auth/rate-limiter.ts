/** At most `limit` attempts in any `windowMs` milliseconds. */
export interface RateLimitRule {
  readonly limit: number;
  readonly windowMs: number;
}

export type RateLimitDecision =
  | { readonly allowed: true }
  | {
      readonly allowed: false;
      /** Whole seconds until the oldest counted attempt leaves the window (at least 1). */
      readonly retryAfterSeconds: number;
      /** The first refusal since the key was last allowed: worth an audit event; the rest of the burst is not. */
      readonly firstRefusal: boolean;
    };

interface KeyState {
  /** Times of the counted attempts inside the window, oldest first. */
  hits: number[];
  refusing: boolean;
}

/**
 * A sliding-window log in memory: each key keeps the times of its last `limit` attempts, so an
 * attempt is allowed exactly when fewer than `limit` fall within the past window. Refused attempts
 * are not counted (a client that waits gets in on time). At most `maxKeys` keys are kept: when
 * full, expired keys are dropped first, then the least recently inserted, so a flood of made-up
 * usernames costs bounded memory. Per process: several API instances each count their own share.
 */
export class SlidingWindowRateLimiter {
  private readonly keys = new Map<string, KeyState>();

  constructor(
    readonly rule: RateLimitRule,
    private readonly maxKeys = 100_000,
    private readonly now: () => number = Date.now,
  ) {
    if (!Number.isInteger(rule.limit) || rule.limit < 1)
      throw new RangeError('limit must be a positive integer');
    if (!(rule.windowMs > 0)) throw new RangeError('windowMs must be positive');
  }

  /** Whether an attempt under `key` would be allowed now, without counting it. */
  peek(key: string): RateLimitDecision {
    const now = this.now();
    const state = this.keys.get(key);
    if (!state) return { allowed: true };
    this.expire(state, now);
    if (state.hits.length < this.rule.limit) return { allowed: true };
    const oldest = state.hits[0] as number;
    return {
      allowed: false,
      retryAfterSeconds: Math.max(1, Math.ceil((oldest + this.rule.windowMs - now) / 1000)),
      firstRefusal: !state.refusing,
    };
  }

  /** Counts an attempt under `key` (call after `peek` allowed it). */
  hit(key: string): void {
    const now = this.now();
    let state = this.keys.get(key);
    if (!state) {
      if (this.keys.size >= this.maxKeys) this.evict(now);
      state = { hits: [], refusing: false };
      this.keys.set(key, state);
    }
    this.expire(state, now);
    state.hits.push(now);
    state.refusing = false;
    if (state.hits.length > this.rule.limit) state.hits.splice(0, state.hits.length - this.rule.limit);
  }

  /** Notes that an attempt under `key` was refused, so the next refusal is not the burst's first. */
  refused(key: string): void {
    const state = this.keys.get(key);
    if (state) state.refusing = true;
  }

  /** Keys currently held (for tests and metrics). */
  get size(): number {
    return this.keys.size;
  }

  private expire(state: KeyState, now: number): void {
    const cutoff = now - this.rule.windowMs;
    let drop = 0;
    while (drop < state.hits.length && (state.hits[drop] as number) <= cutoff) drop++;
    if (drop > 0) state.hits.splice(0, drop);
  }

  private evict(now: number): void {
    for (const [key, state] of this.keys) {
      this.expire(state, now);
      if (state.hits.length === 0) this.keys.delete(key);
    }
    // Still full: drop the oldest keys (Map iteration is insertion order), a tenth at a time.
    if (this.keys.size >= this.maxKeys) {
      let toDrop = Math.max(1, Math.floor(this.maxKeys / 10));
      for (const key of this.keys.keys()) {
        if (toDrop-- <= 0) break;
        this.keys.delete(key);
      }
    }
  }
}

/**
 * One attempt against several limits at once (per address, per address and username): allowed
 * only if every limit allows it, and then counted in all of them; refused with the longest wait.
 */
export function attempt(
  checks: readonly { readonly limiter: SlidingWindowRateLimiter; readonly key: string }[],
): RateLimitDecision {
  const refusals = checks
    .map((check) => ({ check, decision: check.limiter.peek(check.key) }))
    .filter(
      (
        entry,
      ): entry is {
        check: (typeof checks)[number];
        decision: Extract<RateLimitDecision, { allowed: false }>;
      } => !entry.decision.allowed,
    );
  if (refusals.length === 0) {
    for (const check of checks) check.limiter.hit(check.key);
    return { allowed: true };
  }
  for (const { check } of refusals) check.limiter.refused(check.key);
  return {
    allowed: false,
    retryAfterSeconds: Math.max(...refusals.map((entry) => entry.decision.retryAfterSeconds)),
    firstRefusal: refusals.some((entry) => entry.decision.firstRefusal),
  };
}
