/** The submission repository's contract, on SQLite and PostgreSQL (through openDatabase, migrations applied). */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "@/server/persistence/database";
import type { SubmissionRecord } from "@/server/persistence/records";
import type { Repositories } from "@/server/persistence/repositories";
import { DATABASE_TARGETS } from "../../support/database-targets";
import type { TestDatabase } from "../../support/databases";
import { aRace, aRun, storedClassroomWithStudent, T0 } from "../../support/records";

for (const target of DATABASE_TARGETS) {
  describe.skipIf(target.skip)(`submissions on ${target.name}`, () => {
    let testDb: TestDatabase;
    let db: Database;
    let repos: Repositories;

    beforeAll(async () => {
      testDb = await target.create();
      db = await openDatabase(testDb.url);
      repos = db.repositories;
    });
    afterAll(async () => {
      await db?.close();
      await testDb?.drop();
    });

    async function aRaceWithRun() {
      const { teacher, classroom, student } = await storedClassroomWithStudent(repos);
      const race = aRace(classroom.id, teacher.id, { status: "running" });
      await repos.races.create(race);
      const run = aRun(student.id, { classroomId: classroom.id, raceId: race.id, kind: "race" });
      await repos.runs.create(run);
      return { race, run, student };
    }

    const aSubmission = (raceId: string, runId: string, userId: string, minute: number, score: number): SubmissionRecord => ({
      id: randomUUID(),
      raceId,
      runId,
      userId,
      createdAt: new Date(T0.getTime() + minute * 60_000),
      claimedMse: minute === 1 ? 0 : null,
      publicScore: score,
      privateScore: score * 2,
      rolloutScore: score * 3,
      paramsHash: `sha256-${minute}`,
    });
    const lowestPrivate = (list: readonly SubmissionRecord[]) => Math.min(...list.map((s) => s.privateScore ?? Infinity));

    it("stores a submission with its weights and sets the run's verified score in the same step", async () => {
      const { race, run, student } = await aRaceWithRun();
      const first = aSubmission(race.id, run.id, student.id, 1, 0.5);
      const weights = Uint8Array.from([1, 2, 3, 250]);
      expect(await repos.submissions.create({ submission: first, weights, limit: 3, runScore: lowestPrivate })).toEqual({ outcome: "ok", count: 1 });
      const second = aSubmission(race.id, run.id, student.id, 2, 0.25);
      expect(await repos.submissions.create({ submission: second, weights, limit: 3, runScore: lowestPrivate })).toEqual({ outcome: "ok", count: 2 });
      expect(await repos.submissions.listForRace(race.id)).toEqual([first, second]);
      expect(await repos.submissions.readWeights(first.id)).toEqual(weights);
      expect(await repos.submissions.readWeights("unknown")).toBeNull();
      expect(await repos.submissions.countForUser(race.id, student.id)).toBe(2);
      expect((await repos.runs.findById(run.id))?.verifiedScore).toBe(0.5);
    });

    it("stores scores that are not finite as null (an unscorable upload, a model that diverged on the hidden data) and the parameters' hash", async () => {
      const { race, run, student } = await aRaceWithRun();
      const unscorable: SubmissionRecord = { ...aSubmission(race.id, run.id, student.id, 1, 0), publicScore: null, privateScore: null, rolloutScore: null };
      const diverged: SubmissionRecord = { ...aSubmission(race.id, run.id, student.id, 2, 0.25), privateScore: null, paramsHash: null };
      const runScore = (list: readonly SubmissionRecord[]) => list.find((s) => s.publicScore !== null)?.publicScore ?? null;
      expect(await repos.submissions.create({ submission: unscorable, weights: new Uint8Array(4), limit: 2, runScore })).toEqual({ outcome: "ok", count: 1 });
      // An unscorable upload has no verified score, and still uses up one of the student's submissions.
      expect((await repos.runs.findById(run.id))?.verifiedScore).toBeNull();
      expect(await repos.submissions.countForUser(race.id, student.id)).toBe(1);
      expect(await repos.submissions.create({ submission: diverged, weights: new Uint8Array(4), limit: 2, runScore })).toEqual({ outcome: "ok", count: 2 });
      expect(await repos.submissions.listForRace(race.id)).toEqual([unscorable, diverged]);
      expect((await repos.runs.findById(run.id))?.verifiedScore).toBe(0.25);
      const third = aSubmission(race.id, run.id, student.id, 3, 0.1);
      expect((await repos.submissions.create({ submission: third, weights: new Uint8Array(4), limit: 2, runScore })).outcome).toBe("limit_reached");
    });

    it("stores nothing once the private board is revealed (an upload scored while the teacher revealed)", async () => {
      const { race, run, student } = await aRaceWithRun();
      await repos.races.update(race.id, { status: "ended", endedAt: T0, revealedAt: T0 });
      const late = aSubmission(race.id, run.id, student.id, 1, 0.5);
      expect(await repos.submissions.create({ submission: late, weights: new Uint8Array(8), limit: 3, runScore: lowestPrivate })).toEqual({
        outcome: "revealed",
        count: 0,
      });
      expect(await repos.submissions.listForRace(race.id)).toEqual([]);
      expect((await repos.runs.findById(run.id))?.verifiedScore).toBeNull();
    });

    it("stores nothing past the limit, even when uploads arrive together", async () => {
      const { race, run, student } = await aRaceWithRun();
      const attempts = Array.from({ length: 6 }, (_, i) => aSubmission(race.id, run.id, student.id, i + 1, 1 / (i + 1)));
      const outcomes = await Promise.all(
        attempts.map((submission) => repos.submissions.create({ submission, weights: new Uint8Array(8), limit: 2, runScore: lowestPrivate })),
      );
      expect(outcomes.filter((o) => o.outcome === "ok").map((o) => o.count).sort()).toEqual([1, 2]);
      expect(outcomes.filter((o) => o.outcome === "limit_reached")).toEqual(Array(4).fill({ outcome: "limit_reached", count: 2 }));
      const stored = await repos.submissions.listForRace(race.id);
      expect(stored).toHaveLength(2);
      expect((await repos.runs.findById(run.id))?.verifiedScore).toBe(lowestPrivate(stored));
    });

    it("a submission for an unknown run changes nothing", async () => {
      const { race, student } = await aRaceWithRun();
      const orphan = aSubmission(race.id, "no-such-run", student.id, 1, 0.1);
      await expect(repos.submissions.create({ submission: orphan, weights: new Uint8Array(4), limit: 3, runScore: lowestPrivate })).rejects.toThrow();
      expect(await repos.submissions.listForRace(race.id)).toEqual([]);
    });
  });
}
