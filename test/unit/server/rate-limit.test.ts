import { describe, expect, it } from "vitest";
import { MemoryRateLimiter } from "@/server/security/rate-limit";

const rule = { name: "test", limit: 3, windowMs: 60_000 };

describe("in-memory rate limiter", () => {
  it("allows `limit` events per window, then reports how long to wait", async () => {
    let now = 120_000;
    const limiter = new MemoryRateLimiter({ now: () => now });
    for (let i = 0; i < 3; i++) expect((await limiter.hit(rule, "ip")).limited).toBe(false);
    expect(await limiter.peek(rule, "ip")).toEqual({ limited: true, retryAfterMs: 60_000 });
    now += 15_000;
    expect(await limiter.hit(rule, "ip")).toEqual({ limited: true, retryAfterMs: 45_000 });
    expect((await limiter.peek(rule, "other-ip")).limited).toBe(false);
    now += 45_000;
    expect((await limiter.peek(rule, "ip")).limited).toBe(false);
  });

  it("keeps rules apart", async () => {
    const limiter = new MemoryRateLimiter({ now: () => 0 });
    for (let i = 0; i < 3; i++) await limiter.hit(rule, "k");
    expect((await limiter.peek({ ...rule, name: "other" }, "k")).limited).toBe(false);
  });
});
