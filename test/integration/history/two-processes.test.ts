/**
 * Two server processes on one database (the scale-out shape): a Playground run's batches reach either process,
 * a retried batch lands on the other one, and the stored curve is whole and without duplicates, because each
 * batch is checked against the durable epoch in the database, not against one process's memory.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunDetailView } from "@/lib/history/views";
import { withOverrides } from "@/lib/ml/config";
import { createSqliteDatabase, type TestDatabase } from "../../support/databases";
import { curvePoints } from "../../support/records";
import { ApiClient, joinAsStudent, startTestServer, teacherWithClassroom, type TestServer } from "../../support/server";

describe("recording a run through two processes", () => {
  let db: TestDatabase;
  let a: TestServer;
  let b: TestServer;
  const secret = randomBytes(32).toString("hex");

  beforeAll(async () => {
    db = createSqliteDatabase();
    a = await startTestServer({ databaseUrl: db.url, secret });
    b = await startTestServer({ databaseUrl: db.url, secret });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await db?.drop();
  });

  it("stores every epoch once whichever process each batch reaches", async () => {
    const { code } = await teacherWithClassroom(a.url);
    const viaA = (await joinAsStudent(a.url, code, "Noor")).client;
    // The same browser (cookies) talking to the other process.
    const viaB = new ApiClient(b.url);
    for (const [name, value] of viaA.cookies) viaB.cookies.set(name, value);

    const created = await viaA.post<{ runId: string }>("/api/runs", { config: withOverrides({ epochs: 150 }) });
    if (!created.body.ok) throw new Error(JSON.stringify(created.body));
    const runId = created.body.data.runId;
    expect((await viaA.post(`/api/runs/${runId}/snapshots`, { points: curvePoints(1, 50) })).body).toMatchObject({ ok: true, data: { lastEpoch: 50 } });
    expect((await viaB.post(`/api/runs/${runId}/snapshots`, { points: curvePoints(51, 100) })).body).toMatchObject({ ok: true, data: { lastEpoch: 100 } });
    // A retry of the first batch reaches A again, then the next batch: no gap is invented, nothing repeats.
    expect((await viaA.post(`/api/runs/${runId}/snapshots`, { points: curvePoints(1, 50) })).body).toMatchObject({ ok: true, data: { lastEpoch: 100, missingFrom: null } });
    expect((await viaA.post(`/api/runs/${runId}/snapshots`, { points: curvePoints(101, 150) })).body).toMatchObject({ ok: true, data: { lastEpoch: 150, missingFrom: null } });
    const detail = await viaB.get<RunDetailView>(`/api/runs/${runId}`);
    if (!detail.body.ok) throw new Error(JSON.stringify(detail.body));
    expect(detail.body.data.curve.map((p) => p.epoch)).toEqual(Array.from({ length: 150 }, (_, i) => i + 1));
  });
});
