import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "@/server/persistence/database";
import type { AppendResult, RunRepository } from "@/server/persistence/repositories";
import { createLogger } from "@/server/logger";
import { systemScheduler } from "@/server/clock";
import { SnapshotWriter } from "@/server/runs/snapshot-writer";
import { createSqliteDatabase, type TestDatabase } from "../../support/databases";
import { aRun, aTeacher, curvePoints } from "../../support/records";

describe("SnapshotWriter on SQLite", () => {
  let testDb: TestDatabase;
  let db: Database;
  const logger = createLogger("silent");

  beforeAll(async () => {
    testDb = createSqliteDatabase();
    db = await openDatabase(testDb.url);
  });
  afterAll(async () => {
    await db?.close();
    await testDb?.drop();
  });

  async function newRun() {
    const user = aTeacher();
    await db.repositories.users.createTeacher(user);
    const run = aRun(user.id);
    await db.repositories.runs.create(run);
    return run;
  }

  /** Counts appendCurve calls: the point of the writer is few writes. */
  function counting(runs: RunRepository) {
    let calls = 0;
    const wrapped: RunRepository = Object.assign(Object.create(runs) as RunRepository, {
      appendCurve: (runId: string, points: Parameters<RunRepository["appendCurve"]>[1]): Promise<AppendResult | null> => {
        calls++;
        return runs.appendCurve(runId, points);
      },
    });
    return { wrapped, calls: () => calls };
  }

  it("writes a stream of epochs in a few batches, drops repeats and reports gaps", async () => {
    const run = await newRun();
    const { wrapped, calls } = counting(db.repositories.runs);
    const writer = new SnapshotWriter({ runs: wrapped, logger, scheduler: systemScheduler, flushIntervalMs: 60_000, maxBuffered: 100 });
    writer.open(run.id, 0);
    for (let epoch = 1; epoch <= 250; epoch++) writer.push(run.id, curvePoints(epoch, epoch));
    expect(writer.push(run.id, curvePoints(200, 210))).toMatchObject({ accepted: 0, through: 250 });
    expect(writer.push(run.id, curvePoints(260, 261))).toEqual({ accepted: 0, through: 250, missingFrom: 251 });
    await writer.flush(run.id);
    expect(writer.durableThrough(run.id)).toBe(250);
    // The first 100 go out at once; the other 150 arrive while that write is in flight and go out together.
    expect(calls()).toBe(2);
    expect((await db.repositories.runs.readCurve(run.id)).length).toBe(250);
    await writer.stop();
  });

  it("keeps epochs buffered when a write fails and stores them on the next flush", async () => {
    const run = await newRun();
    let fail = true;
    const flaky: RunRepository = Object.assign(Object.create(db.repositories.runs) as RunRepository, {
      appendCurve: (runId: string, points: Parameters<RunRepository["appendCurve"]>[1]) =>
        fail ? Promise.reject(new Error("database is locked")) : db.repositories.runs.appendCurve(runId, points),
    });
    const writer = new SnapshotWriter({ runs: flaky, logger, scheduler: systemScheduler, flushIntervalMs: 60_000 });
    writer.open(run.id, 0);
    writer.push(run.id, curvePoints(1, 5));
    await writer.flush(run.id);
    expect(writer.durableThrough(run.id)).toBe(0);
    writer.push(run.id, curvePoints(6, 8));
    fail = false;
    await writer.close(run.id);
    expect((await db.repositories.runs.readCurve(run.id)).map((p) => p.epoch)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(writer.isOpen(run.id)).toBe(false);
    await writer.stop();
  });
});
