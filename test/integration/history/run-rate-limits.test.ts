/**
 * Recording Playground runs is rate limited per account: starting runs and sending curve batches. A refused
 * request answers 429 with Retry-After and changes nothing; another account is not affected; the next window
 * lets the student go on. On SQLite and PostgreSQL, with the server's clock under the test's control.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HistoryPageView, RunDetailView } from "@/lib/history/views";
import type { TestDatabase } from "../../support/databases";
import { curvePoints } from "../../support/records";
import { joinAsStudent, startTestServer, teacherWithClassroom, type ApiClient, type TestServer } from "../../support/server";
import { DATABASE_TARGETS, TINY, MINUTE } from "./targets";


for (const target of DATABASE_TARGETS) {
  describe.skipIf(target.skip)(`run recording rate limits on ${target.name}`, () => {
    let testDb: TestDatabase;
    let server: TestServer;
    // The start of an hour, so both rules' windows begin together.
    let now = Date.parse("2026-03-01T10:00:00.000Z");
    let ann: { client: ApiClient; userId: string };
    let bob: { client: ApiClient; userId: string };

    beforeAll(async () => {
      testDb = await target.create();
      server = await startTestServer({
        databaseUrl: testDb.url,
        deps: {
          clock: { now: () => now },
          rateRules: {
            runStartPerUser: { name: "run-start-user", limit: 2, windowMs: 60 * MINUTE },
            runBatchPerUser: { name: "run-batch-user", limit: 3, windowMs: MINUTE },
          },
        },
      });
      const room = await teacherWithClassroom(server.url, "Physics");
      ann = await joinAsStudent(server.url, room.code, "Ann");
      bob = await joinAsStudent(server.url, room.code, "Bob");
    });
    afterAll(async () => {
      await server?.close();
      await testDb?.drop();
    });

    const total = async (client: ApiClient) => {
      const page = await client.get<HistoryPageView>("/api/history");
      if (!page.body.ok) throw new Error(JSON.stringify(page.body));
      return page.body.data.total;
    };

    it("refuses a third run in the hour with 429, creating nothing, and not another student's", async () => {
      for (let i = 0; i < 2; i++) expect((await ann.client.post("/api/runs", { config: TINY })).status).toBe(201);
      const refused = await ann.client.post("/api/runs", { config: TINY });
      expect(refused.status).toBe(429);
      expect(refused.body).toMatchObject({ ok: false, error: { code: "rate_limited" } });
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(await total(ann.client)).toBe(2);
      expect((await bob.client.post("/api/runs", { config: TINY })).status).toBe(201);
      now += 60 * MINUTE;
      expect((await ann.client.post("/api/runs", { config: TINY })).status).toBe(201);
      expect(await total(ann.client)).toBe(3);
    });

    it("refuses curve batches over the allowance with 429, storing none of the refused epochs", async () => {
      const created = await ann.client.post<{ runId: string }>("/api/runs", { config: TINY });
      if (!created.body.ok) throw new Error(JSON.stringify(created.body));
      const runId = created.body.data.runId;
      for (let epoch = 1; epoch <= 3; epoch++) {
        expect((await ann.client.post(`/api/runs/${runId}/snapshots`, { points: curvePoints(epoch, epoch) })).status).toBe(200);
      }
      const refused = await ann.client.post(`/api/runs/${runId}/snapshots`, { points: curvePoints(4, 6) });
      expect(refused.status).toBe(429);
      const detail = await ann.client.get<RunDetailView>(`/api/runs/${runId}`);
      expect(detail.body.ok && detail.body.data.run.lastEpoch).toBe(3);
      expect(detail.body.ok && detail.body.data.curve.map((p) => p.epoch)).toEqual([1, 2, 3]);
      // The page retries the same epochs in the next minute; they are stored then.
      now += MINUTE;
      const retried = await ann.client.post<{ lastEpoch: number }>(`/api/runs/${runId}/snapshots`, { points: curvePoints(4, 6) });
      expect(retried.body).toMatchObject({ ok: true, data: { lastEpoch: 6 } });
    });
  });
}
