/**
 * Fixed-window counters for guessing-prone actions (sign-in, join codes). Behind one interface: in memory for
 * a single process, in Redis when several processes must share the counts.
 */
import type { RedisClientType } from "redis";
import type { Clock } from "../clock";
import { AppError } from "../errors";

export interface RateRule {
  /** Names the counter family in keys and logs. */
  name: string;
  limit: number;
  windowMs: number;
}

export interface RateState {
  limited: boolean;
  /** Until the window resets; 0 when not limited. */
  retryAfterMs: number;
}

export interface RateLimiter {
  /** Counts one event against `key`. */
  hit(rule: RateRule, key: string): Promise<RateState>;
  /** Whether `key` has used up its allowance, without counting. */
  peek(rule: RateRule, key: string): Promise<RateState>;
}

const MAX_MEMORY_KEYS = 10_000;

/** The 429 answer for a limited key, with Retry-After. */
export function rateLimitedError(retryAfterMs: number): AppError {
  const retryAfterSeconds = Math.ceil(retryAfterMs / 1000);
  return new AppError("rate_limited", {
    reason: "retry",
    values: { minutes: Math.max(1, Math.ceil(retryAfterSeconds / 60)) },
    retryAfterSeconds,
  });
}

function state(count: number, rule: RateRule, now: number): RateState {
  const limited = count >= rule.limit;
  return { limited, retryAfterMs: limited ? rule.windowMs - (now % rule.windowMs) : 0 };
}

export class MemoryRateLimiter implements RateLimiter {
  private readonly counts = new Map<string, { window: number; count: number; expiresAt: number }>();

  constructor(private readonly clock: Clock) {}

  async hit(rule: RateRule, key: string): Promise<RateState> {
    const now = this.clock.now();
    const window = Math.floor(now / rule.windowMs);
    const id = `${rule.name}:${key}`;
    const entry = this.counts.get(id);
    const count = entry && entry.window === window ? entry.count + 1 : 1;
    this.counts.set(id, { window, count, expiresAt: (window + 1) * rule.windowMs });
    if (this.counts.size > MAX_MEMORY_KEYS) this.sweep(now);
    // The event just counted is allowed if the count before it was within the limit.
    return state(count - 1, rule, now);
  }

  async peek(rule: RateRule, key: string): Promise<RateState> {
    const now = this.clock.now();
    const entry = this.counts.get(`${rule.name}:${key}`);
    const count = entry && entry.window === Math.floor(now / rule.windowMs) ? entry.count : 0;
    return state(count, rule, now);
  }

  /** Keeps memory bounded under a flood of distinct keys: finished windows are forgotten. */
  private sweep(now: number): void {
    for (const [id, entry] of this.counts) if (entry.expiresAt <= now) this.counts.delete(id);
  }
}

export class RedisRateLimiter implements RateLimiter {
  constructor(
    private readonly redis: RedisClientType,
    private readonly prefix: string,
    private readonly clock: Clock,
  ) {}

  private key(rule: RateRule, key: string, now: number): string {
    return `${this.prefix}rate:${rule.name}:${key}:${Math.floor(now / rule.windowMs)}`;
  }

  async hit(rule: RateRule, key: string): Promise<RateState> {
    const now = this.clock.now();
    const id = this.key(rule, key, now);
    const [count] = (await this.redis.multi().incr(id).pExpire(id, rule.windowMs).exec()) as unknown as [number];
    return state(Number(count) - 1, rule, now);
  }

  async peek(rule: RateRule, key: string): Promise<RateState> {
    const now = this.clock.now();
    const value = await this.redis.get(this.key(rule, key, now));
    return state(Number(value ?? 0), rule, now);
  }
}
