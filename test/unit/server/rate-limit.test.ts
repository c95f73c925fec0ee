import { describe, expect, it } from "vitest";
import { MemoryRateLimiter, reserveAll, type RateLimiter } from "@/server/security/rate-limit";
import { AppError } from "@/server/errors";

const rule = { name: "test", limit: 3, windowMs: 60_000 };

async function granted(limiter: RateLimiter, key: string, times: number): Promise<boolean[]> {
  return Promise.all(Array.from({ length: times }, async () => !(await limiter.reserve(rule, key)).limited));
}

describe("in-memory rate limiter", () => {
  it("grants `limit` reservations per window, then reports how long to wait", async () => {
    let now = 120_000;
    const limiter = new MemoryRateLimiter({ now: () => now });
    expect(await granted(limiter, "ip", 3)).toEqual([true, true, true]);
    expect(await limiter.reserve(rule, "ip")).toEqual({ limited: true, retryAfterMs: 60_000 });
    now += 15_000;
    expect(await limiter.reserve(rule, "ip")).toEqual({ limited: true, retryAfterMs: 45_000 });
    expect((await limiter.reserve(rule, "other-ip")).limited).toBe(false);
    now += 45_000;
    expect((await limiter.reserve(rule, "ip")).limited).toBe(false);
  });

  it("never grants more than the limit to concurrent callers", async () => {
    const limiter = new MemoryRateLimiter({ now: () => 0 });
    const answers = await granted(limiter, "account", 60);
    expect(answers.filter(Boolean)).toHaveLength(3);
  });

  it("takes a released unit back once, however often it is released", async () => {
    const limiter = new MemoryRateLimiter({ now: () => 0 });
    const first = await limiter.reserve(rule, "k");
    await granted(limiter, "k", 2);
    if (first.limited) throw new Error("expected a unit");
    await first.release();
    await first.release();
    expect(await granted(limiter, "k", 2)).toEqual([true, false]);
  });

  it("does not give a unit of an expired window to the next one", async () => {
    let now = 0;
    const limiter = new MemoryRateLimiter({ now: () => now });
    const old = await limiter.reserve(rule, "k");
    now = 60_000;
    await granted(limiter, "k", 3);
    if (old.limited) throw new Error("expected a unit");
    await old.release();
    expect((await limiter.reserve(rule, "k")).limited).toBe(true);
  });

  it("keeps rules apart", async () => {
    const limiter = new MemoryRateLimiter({ now: () => 0 });
    await granted(limiter, "k", 3);
    expect((await limiter.reserve({ ...rule, name: "other" }, "k")).limited).toBe(false);
  });
});

describe("reserveAll", () => {
  it("takes a unit under every rule, or gives back what it took and refuses with a 429", async () => {
    const limiter = new MemoryRateLimiter({ now: () => 0 });
    const wide = { name: "ip", limit: 10, windowMs: 60_000 };
    const narrow = { name: "account", limit: 1, windowMs: 60_000 };
    const held = await reserveAll(limiter, [[wide, "ip"], [narrow, "anna"]]);
    const refused = await reserveAll(limiter, [[wide, "ip"], [narrow, "anna"]]).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: "rate_limited", options: { retryAfterSeconds: 60 } });
    // The refused attempt gave its address unit back: 9 more fit under the address's limit of 10.
    expect((await Promise.all(Array.from({ length: 10 }, () => limiter.reserve(wide, "ip")))).filter((r) => !r.limited)).toHaveLength(9);
    await held.release();
    expect((await limiter.reserve(narrow, "anna")).limited).toBe(false);
  });
});
