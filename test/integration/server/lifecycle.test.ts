/**
 * Every long-lived service is built by createServer and stopped by close(): on a manual clock, the server's timers
 * (race ticks, epoch writes, board broadcasts, housekeeping) are all gone once it closed, and its housekeeping
 * deletes expired sessions when their hour comes.
 */
import { describe, expect, it } from "vitest";
import { SESSION_TTL_MS } from "@/lib/auth/session";
import { SESSION_CLEANUP_INTERVAL_MS } from "@/server/services/stale-runs";
import { ManualTime } from "../../support/manual-time";
import { signUpTeacher, startTestServer } from "../../support/server";

describe("the server's long-lived services", () => {
  it("run on the context's scheduler and stop with close()", async () => {
    const time = new ManualTime(Date.now());
    const server = await startTestServer({ deps: { clock: time, scheduler: time } });
    try {
      expect(time.pending).toBeGreaterThan(0);
      const { client } = await signUpTeacher(server.url);
      expect((await client.get("/api/session")).body).toMatchObject({ ok: true, data: { user: { kind: "teacher" } } });
      // The session expires; at the next cleanup it is deleted from storage, not just refused.
      time.set(time.now() + SESSION_TTL_MS);
      await time.advance(SESSION_CLEANUP_INTERVAL_MS + 1000);
      expect(await server.database.repositories.sessions.deleteExpired(new Date(time.now()))).toBe(0);
    } finally {
      await server.handle.close();
      expect(time.pending).toBe(0);
      await server.database.close();
    }
  });
});
