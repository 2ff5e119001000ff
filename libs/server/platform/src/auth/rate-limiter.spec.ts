import { attempt, SlidingWindowRateLimiter } from './rate-limiter';

describe('SlidingWindowRateLimiter', () => {
  let now = 0;
  const clock = () => now;

  beforeEach(() => {
    now = 1_000_000;
  });

  it('allows `limit` attempts per window, then refuses until the oldest one leaves it', () => {
    const limiter = new SlidingWindowRateLimiter({ limit: 3, windowMs: 60_000 }, 100, clock);
    for (let i = 0; i < 3; i++) {
      expect(limiter.peek('a')).toEqual({ allowed: true });
      limiter.hit('a');
      now += 10_000;
    }
    // Hits at 0 s, 10 s and 20 s; now 30 s: the first leaves the window at 60 s.
    expect(limiter.peek('a')).toEqual({ allowed: false, retryAfterSeconds: 30, firstRefusal: true });
    now += 29_999;
    expect(limiter.peek('a')).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
    now += 1;
    expect(limiter.peek('a')).toEqual({ allowed: true });
  });

  it('slides: a burst at the end of one window still counts at the start of the next', () => {
    const limiter = new SlidingWindowRateLimiter({ limit: 2, windowMs: 60_000 }, 100, clock);
    now += 59_000;
    limiter.hit('a');
    limiter.hit('a');
    now += 2_000; // a fixed window would have reset here
    expect(limiter.peek('a').allowed).toBe(false);
  });

  it('keeps keys apart', () => {
    const limiter = new SlidingWindowRateLimiter({ limit: 1, windowMs: 1_000 }, 100, clock);
    limiter.hit('a');
    expect(limiter.peek('a').allowed).toBe(false);
    expect(limiter.peek('b').allowed).toBe(true);
  });

  it('reports only the first refusal of a burst as first, until the key is allowed again', () => {
    const limiter = new SlidingWindowRateLimiter({ limit: 1, windowMs: 1_000 }, 100, clock);
    limiter.hit('a');
    expect(attempt([{ limiter, key: 'a' }])).toMatchObject({ allowed: false, firstRefusal: true });
    expect(attempt([{ limiter, key: 'a' }])).toMatchObject({ allowed: false, firstRefusal: false });
    now += 1_000;
    expect(attempt([{ limiter, key: 'a' }])).toEqual({ allowed: true });
    expect(attempt([{ limiter, key: 'a' }])).toMatchObject({ allowed: false, firstRefusal: true });
  });

  it('bounds memory: a flood of new keys evicts expired keys first, then the oldest', () => {
    const limiter = new SlidingWindowRateLimiter({ limit: 1, windowMs: 1_000 }, 10, clock);
    for (let i = 0; i < 10; i++) limiter.hit(`old-${i}`);
    now += 1_000;
    limiter.hit('new');
    expect(limiter.size).toBe(1);
    for (let i = 0; i < 50; i++) limiter.hit(`flood-${i}`);
    expect(limiter.size).toBeLessThanOrEqual(10);
    expect(limiter.peek('flood-49').allowed).toBe(false);
  });

  it('refuses nonsense rules', () => {
    expect(() => new SlidingWindowRateLimiter({ limit: 0, windowMs: 1 })).toThrow(RangeError);
    expect(() => new SlidingWindowRateLimiter({ limit: 1, windowMs: 0 })).toThrow(RangeError);
  });
});

describe('attempt', () => {
  it('counts an attempt in every limit only when all allow it, and waits for the longest', () => {
    let now = 0;
    const perAddress = new SlidingWindowRateLimiter({ limit: 3, windowMs: 60_000 }, 100, () => now);
    const perUser = new SlidingWindowRateLimiter({ limit: 1, windowMs: 10_000 }, 100, () => now);
    const checks = (user: string) => [
      { limiter: perAddress, key: 'ip' },
      { limiter: perUser, key: `ip/${user}` },
    ];
    expect(attempt(checks('alice')).allowed).toBe(true);
    expect(attempt(checks('alice'))).toMatchObject({ allowed: false, retryAfterSeconds: 10 });
    // The refused attempt was not counted against the address.
    expect(attempt(checks('bob')).allowed).toBe(true);
    expect(attempt(checks('carol')).allowed).toBe(true);
    now += 5_000;
    // The address is full (alice, bob, carol): dave waits for alice's attempt to leave its window.
    expect(attempt(checks('dave'))).toMatchObject({ allowed: false, retryAfterSeconds: 55 });
    expect(perUser.peek('ip/dave').allowed).toBe(true);
  });
});
