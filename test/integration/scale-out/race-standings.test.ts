/**
 * Two server processes sharing one database write a race's final standings after late uploads: the process that
 * read the scores earlier may write last. Reproduced deterministically: process A's score read is held (its rows
 * already read) while a second upload lands and process B writes the newer standings; when A goes on, its older
 * standings are refused and the newer ones stay. No Redis needed: each process is told of the upload directly,
 * as its peer would tell it.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { SubmissionRecord } from "@/server/persistence/records";
import type { Repositories } from "@/server/persistence/repositories";
import { createSqliteDatabase, type TestDatabase } from "../../support/databases";
import { aClassroom, aMembership, aRace, aRun, aStudent, aTeacher, T0 } from "../../support/records";
import { startTestServer, type TestServer } from "../../support/server";

let db: TestDatabase;
let a: TestServer;
let b: TestServer;

beforeAll(async () => {
  db = createSqliteDatabase();
  a = await startTestServer({ databaseUrl: db.url, deps: { races: { tickMs: 100 } } });
  b = await startTestServer({ databaseUrl: db.url, deps: { races: { tickMs: 100 } } });
});
afterAll(async () => {
  await a?.close();
  await b?.close();
  await db?.drop();
});

type Result = { standings: { userId: string; rank: number; score: number | null }[]; version: { revealed: boolean; submissions: number } };

async function endedRaceWithTwoRuns(repos: Repositories) {
  const teacher = aTeacher();
  await repos.users.createTeacher(teacher);
  const classroom = aClassroom(teacher.id);
  await repos.classrooms.create(classroom, aMembership(classroom.id, teacher));
  const race = aRace(classroom.id, teacher.id, { status: "ended", startsAt: T0, endedAt: new Date(T0.getTime() + 60_000) });
  await repos.races.create(race);
  const entries = [];
  for (let i = 0; i < 2; i++) {
    const student = aStudent();
    await repos.memberships.addWithNewStudent(student, aMembership(classroom.id, student));
    const run = aRun(student.id, { kind: "race", raceId: race.id, classroomId: classroom.id });
    await repos.runs.create(run);
    await repos.runs.finish(run.id, { status: "finished", finishedAt: race.endedAt!, finalTrainLoss: 0.1, finalValLoss: 0.1, msPerEpoch: 5 });
    entries.push({ userId: student.id, runId: run.id });
  }
  return { race, entries };
}

/** What the scoring area stores for a scored upload: the submission and the run's verified score, together. */
async function storeUpload(repos: Repositories, raceId: string, entry: { userId: string; runId: string }, score: number) {
  const submission: SubmissionRecord = {
    id: randomUUID(),
    raceId,
    runId: entry.runId,
    userId: entry.userId,
    createdAt: T0,
    claimedMse: null,
    publicScore: score,
    privateScore: score,
    rolloutScore: score,
    paramsHash: null,
  };
  expect((await repos.submissions.create({ submission, weights: new Uint8Array(4), limit: 3, runScore: () => score })).outcome).toBe("ok");
}

describe("final standings written by two processes", () => {
  it("standings computed from an older read and written last are refused: the newer ones stay", async () => {
    const repos = a.database.repositories;
    const { race, entries } = await endedRaceWithTwoRuns(repos);
    const [first, second] = entries as [(typeof entries)[0], (typeof entries)[0]];
    const result = async () => JSON.parse((await repos.races.findById(race.id))!.resultJson!) as Result;
    const scored = (r: Result) => r.standings.map((s) => [s.userId, s.score]);

    // A late upload for the first run, handled on A: standings with one score.
    await storeUpload(repos, race.id, first, 0.5);
    await a.handle.ctx.services.races.scoresChanged(race.id);
    expect(scored(await result())).toEqual([
      [first.userId, 0.5],
      [second.userId, null],
    ]);

    // A is told of a change and reads the scores (only the first one exists), then stalls before writing.
    const listForRace = repos.runs.listForRace.bind(repos.runs);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let readDone!: () => void;
    const read = new Promise<void>((resolve) => (readDone = resolve));
    const spy = vi.spyOn(repos.runs, "listForRace").mockImplementationOnce(async (raceId) => {
      const rows = await listForRace(raceId);
      readDone();
      await released;
      return rows;
    });
    const slow = a.handle.ctx.services.races.scoresChanged(race.id);
    await read;

    // Meanwhile the second run's upload is stored and B, which scored it, writes the standings with both scores.
    await storeUpload(b.database.repositories, race.id, second, 0.2);
    await b.handle.ctx.services.races.scoresChanged(race.id);
    const newer = await result();
    expect(scored(newer)).toEqual([
      [second.userId, 0.2],
      [first.userId, 0.5],
    ]);
    expect(newer.version).toEqual({ revealed: false, submissions: 2 });

    // A goes on and writes last, from its older read: refused, the stored standings do not go back.
    release();
    await slow;
    spy.mockRestore();
    expect(await result()).toEqual(newer);

    // A's next re-read writes again (same version, same scores): the race is not stuck on either process.
    await a.handle.ctx.services.races.scoresChanged(race.id);
    expect(scored(await result())).toEqual(scored(newer));
  });
});
