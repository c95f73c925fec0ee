/**
 * Fixed-window allowances for guessing-prone and expensive actions (sign-in, join codes, new accounts). Behind
 * one interface: in memory for a single process, in Redis when several processes must share the counts.
 *
 * The one operation is a *reservation*: it takes a unit of the allowance atomically, before the expensive or
 * guessable work, so concurrent requests can never get past the limit together (60 guesses sent at once are 60
 * reservations, and only `limit` of them are granted). The caller then keeps the unit (a failed sign-in, a new
 * account: it counts) or releases it (a sign-in that succeeded).
 */
import type { Clock } from "../clock";
import { AppError } from "../errors";
import type { RedisRunner } from "../redis";

export interface RateRule {
  /** Names the counter family in keys and logs. */
  name: string;
  limit: number;
  windowMs: number;
}

export type Reservation =
  | { limited: false; /** Gives the unit back (idempotent); a unit kept counts until its window ends. */ release(): Promise<void> }
  | { limited: true; /** Until the window resets. */ retryAfterMs: number };

export interface RateLimiter {
  /** Takes one unit of `key`'s allowance under `rule`, if one is left. */
  reserve(rule: RateRule, key: string): Promise<Reservation>;
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

function retryAfter(rule: RateRule, now: number): number {
  return rule.windowMs - (now % rule.windowMs);
}

/** Runs `release` once, however often it is called. */
function once(release: () => Promise<void>): () => Promise<void> {
  let done = false;
  return async () => {
    if (done) return;
    done = true;
    await release();
  };
}

export interface HeldReservations {
  /** Gives every unit back (a sign-in that succeeded). Not calling it keeps them counted. */
  release(): Promise<void>;
}

/**
 * Reserves a unit under every rule, in order, or none: at the first limited rule it releases what it took and
 * throws the 429, so one exhausted allowance (an account's) never uses up another (the address's).
 */
export async function reserveAll(limiter: RateLimiter, checks: readonly (readonly [RateRule, string])[]): Promise<HeldReservations> {
  const held: (() => Promise<void>)[] = [];
  const releaseAll = async () => {
    await Promise.all(held.map((release) => release()));
  };
  for (const [rule, key] of checks) {
    let reservation: Reservation;
    try {
      reservation = await limiter.reserve(rule, key);
    } catch (error) {
      await releaseAll().catch(() => undefined);
      throw error;
    }
    if (reservation.limited) {
      await releaseAll();
      throw rateLimitedError(reservation.retryAfterMs);
    }
    held.push(reservation.release);
  }
  return { release: releaseAll };
}

export class MemoryRateLimiter implements RateLimiter {
  private readonly counts = new Map<string, { window: number; count: number; expiresAt: number }>();

  constructor(private readonly clock: Clock) {}

  async reserve(rule: RateRule, key: string): Promise<Reservation> {
    const now = this.clock.now();
    const window = Math.floor(now / rule.windowMs);
    const id = `${rule.name}:${key}`;
    const entry = this.counts.get(id);
    const count = entry && entry.window === window ? entry.count : 0;
    if (count >= rule.limit) return { limited: true, retryAfterMs: retryAfter(rule, now) };
    this.counts.set(id, { window, count: count + 1, expiresAt: (window + 1) * rule.windowMs });
    if (this.counts.size > MAX_MEMORY_KEYS) this.sweep(now);
    return {
      limited: false,
      release: once(async () => {
        const current = this.counts.get(id);
        // A unit taken in an earlier window has expired with it.
        if (current && current.window === window && current.count > 0) current.count -= 1;
      }),
    };
  }

  /** Keeps memory bounded under a flood of distinct keys: finished windows are forgotten. */
  private sweep(now: number): void {
    for (const [id, entry] of this.counts) if (entry.expiresAt <= now) this.counts.delete(id);
  }
}

/** Takes a unit if the window's count is below the limit, in one step (KEYS[1] = window key; ARGV = limit, window ms). */
const RESERVE = `
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
if count >= tonumber(ARGV[1]) then return -1 end
redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return count + 1
`;

/** Gives a unit back to its window, never below zero (the window may have expired meanwhile). */
const RELEASE = `
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
if count > 0 then redis.call('DECR', KEYS[1]) end
return count
`;

/** How long a client is asked to wait when the shared counters cannot be reached. */
const UNAVAILABLE_RETRY_SECONDS = 10;

/**
 * Counts shared by every process. Without Redis nothing can be counted, and an uncounted password check is what
 * the limits exist to prevent, so a reservation then fails closed: `unavailable` (503, Retry-After), at once.
 */
export class RedisRateLimiter implements RateLimiter {
  constructor(
    private readonly redis: RedisRunner,
    private readonly prefix: string,
    private readonly clock: Clock,
  ) {}

  async reserve(rule: RateRule, key: string): Promise<Reservation> {
    const now = this.clock.now();
    const id = `${this.prefix}rate:${rule.name}:${key}:${Math.floor(now / rule.windowMs)}`;
    let count: number;
    try {
      count = Number(await this.redis.run((client) => client.eval(RESERVE, { keys: [id], arguments: [String(rule.limit), String(rule.windowMs)] })));
    } catch {
      throw new AppError("unavailable", { retryAfterSeconds: UNAVAILABLE_RETRY_SECONDS });
    }
    if (count < 0) return { limited: true, retryAfterMs: retryAfter(rule, now) };
    return {
      limited: false,
      release: once(async () => {
        // Not given back when Redis is away: the unit then counts until its window ends, which only errs strict.
        await this.redis.run((client) => client.eval(RELEASE, { keys: [id], arguments: [] })).catch(() => undefined);
      }),
    };
  }
}
