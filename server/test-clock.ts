/**
 * A clock browser tests can move forward, for journeys that span days (a homework set on Monday, submitted on
 * Tuesday and Thursday, closed on Friday). Enabled only by `LOSS_RACE_TEST_CLOCK=1` (test/e2e sets it for the
 * child server it starts); never set it anywhere else: anyone could then move the server's time.
 *
 * The server keeps running on real timers; "now" is the real time plus a shift that only grows. Moving it re-arms
 * the race timers from storage (as a restart does), so a close that fell inside the jump happens at once.
 */
import { z } from "zod";
import type { Clock } from "./clock";
import type { Route } from "./http/route";

/** The longest single jump: a homework's longest window and then some. */
const MAX_ADVANCE_MS = 365 * 24 * 60 * 60 * 1000;
const ZAdvance = z.strictObject({ advanceMs: z.number().int().min(0).max(MAX_ADVANCE_MS) });

export class ShiftableClock implements Clock {
  private shift = 0;

  now(): number {
    return Date.now() + this.shift;
  }

  advance(ms: number): void {
    this.shift += ms;
  }
}

/** `POST /api/test/clock { advanceMs }`: moves the clock forward; answers the server's new "now". */
export function testClockRoutes(clock: ShiftableClock): Route[] {
  return [
    // Test-only, so outside the HTTP contract (lib/api/endpoints.ts): pages never call it.
    {
      method: "POST",
      path: "/api/test/clock",
      auth: "public",
      body: ZAdvance,
      async handle(request) {
        clock.advance(ZAdvance.parse(request.body).advanceMs);
        await request.ctx.services.races.clockJumped();
        return { data: { now: clock.now() } };
      },
    },
  ];
}
