/**
 * Uploads scored by the server through the real HTTP route and worker pool, on SQLite and PostgreSQL: a cheating
 * client is ranked by its real score; every bad input is refused with a clear error and changes nothing; the
 * board is recomputable from the database; the private board stays hidden until the teacher reveals it.
 */
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateRaceSeries } from "@/lib/data/continuation";
import { OPS_IMPLEMENTATION } from "@/lib/ml/implementations";
import { crc32, encodeWeights } from "@/lib/ml/weights-format";
import { initialParamValues } from "@/lib/ml/model";
import type { TRaceBoard, TSubmissionResult } from "@/lib/scoring/views";
import { prepareScoringData } from "@/lib/scoring/score";
import { verifySubmission } from "@/lib/scoring/verify";
import { SUBMISSION_GRACE_MS } from "@/lib/scoring/submission-window";
import type { RaceRecord } from "@/server/persistence/records";
import { createScoringPool, type ScoringPool } from "@/server/scoring/pool";
import { DATABASE_TARGETS } from "../../support/database-targets";
import type { TestDatabase } from "../../support/databases";
import { aRace, aRun } from "../../support/records";
import { raceConfig, TEST_RULES, trainWeights, untrainedWeights, uploadWeights, type TrainedWeights } from "../../support/scoring";
import { ApiClient, joinAsStudent, startTestServer, teacherWithClassroom, type TestServer } from "../../support/server";
import { inEnglish, wordingAndDetail } from "../../support/in-english";


const HIDDEN_SEED = 1_834_567_291;
/** Shared by the two server processes of the recomputation test, as SESSION_SECRET is when scaling out. */
const SECRET = "scoring-test-secret-0123456789abcdef0123456789";
let pool: ScoringPool;
let honest: TrainedWeights;

beforeAll(async () => {
  await tf.setBackend("cpu");
  pool = createScoringPool({ size: 1 });
  honest = await trainWeights(raceConfig(TEST_RULES));
});
afterAll(() => pool?.close());

for (const target of DATABASE_TARGETS) {
  describe.skipIf(target.skip)(`scoring on ${target.name}`, () => {
    let testDb: TestDatabase;
    let server: TestServer;
    let now = Date.parse("2026-03-01T09:30:00Z");
    let teacher: ApiClient;
    let classroomId: string;

    beforeAll(async () => {
      testDb = await target.create();
      server = await startTestServer({ databaseUrl: testDb.url, secret: SECRET, deps: { services: { scoring: pool }, clock: { now: () => now } } });
      const room = await teacherWithClassroom(server.url, "Scoring");
      teacher = room.teacher;
      classroomId = room.classroomId;
      teacherId = room.userId;
      code = room.code;
    });
    afterAll(async () => {
      await server?.close();
      await testDb?.drop();
    });
    let teacherId: string;
    let code: string;

    const repos = () => server.database.repositories;

    /** A running race (ends in 10 minutes) in the classroom. */
    async function aRunningRace(overrides: Partial<RaceRecord> = {}): Promise<RaceRecord> {
      const race = aRace(classroomId, teacherId, { rules: TEST_RULES, status: "running", hiddenSeed: HIDDEN_SEED, startsAt: new Date(now), endsAt: new Date(now + 600_000), ...overrides });
      await repos().races.create(race);
      return race;
    }
    let studentCount = 0;
    async function aStudentWithRun(race: RaceRecord, config = honest.config) {
      const student = await joinAsStudent(server.url, code, `Student ${++studentCount}`);
      const run = aRun(student.userId, { classroomId, raceId: race.id, kind: "race", config, startedAt: new Date(now) });
      await repos().runs.create(run);
      return { ...student, runId: run.id };
    }
    const board = async (client: ApiClient, raceId: string, kind: "public" | "private" = "public") => {
      const response = await client.get<TRaceBoard>(`/api/races/${raceId}/board?kind=${kind}`);
      if (!response.body.ok) throw new Error(JSON.stringify(response.body));
      return response.body.data;
    };
    /** Everything a refusal must leave untouched. */
    const snapshot = async (race: RaceRecord) => ({
      submissions: await repos().submissions.listForRace(race.id),
      runs: (await repos().runs.listForRace(race.id)).map((r) => [r.id, r.verifiedScore]),
      board: await board(teacher, race.id, "private"),
    });
    const localScores = (weights: Uint8Array) => {
      const data = prepareScoringData(generateRaceSeries({ dataset: TEST_RULES.dataset, hiddenLength: TEST_RULES.hiddenLength, hiddenSeed: HIDDEN_SEED }), TEST_RULES.window, TEST_RULES.validationFraction);
      const result = verifySubmission({ weights, runConfig: honest.config, rules: TEST_RULES, data, layer: OPS_IMPLEMENTATION.layer });
      if (!result.ok) throw new Error(result.message);
      const { publicScore, privateScore, rolloutScore } = result.scores;
      if (publicScore === null || privateScore === null || rolloutScore === null) throw new Error("not finite");
      return { publicScore, privateScore, rolloutScore };
    };

    it("a cheater claiming MSE 0 is ranked by the real score of its weights", async () => {
      const race = await aRunningRace();
      const alice = await aStudentWithRun(race);
      const mallory = await aStudentWithRun(race);
      const poor = untrainedWeights(honest.config, 9);
      // The cheater's run also reports a zero loss when it "finishes".
      await repos().runs.finish(mallory.runId, { status: "finished", finishedAt: new Date(now), finalTrainLoss: 0, finalValLoss: 0, msPerEpoch: 1, claimedLoss: 0 });

      const cheat = await uploadWeights(mallory.client, race.id, mallory.runId, poor, { claimedMse: 0 });
      expect(cheat.status).toBe(201);
      const fair = await uploadWeights(alice.client, race.id, alice.runId, honest.weights, { claimedMse: honest.finalValLoss! });
      expect(fair.status).toBe(201);
      const cheatResult = cheat.body.data as unknown as TSubmissionResult;
      expect(cheatResult.publicScore).toBeCloseTo(localScores(poor).publicScore, 5);
      expect(cheatResult.publicScore).toBeGreaterThan(0.05);
      expect(cheatResult).toMatchObject({ privateScore: null, rolloutScore: null, submissionsUsed: 1, submissionsLimit: TEST_RULES.submissions.limit });

      for (const kind of ["public", "private"] as const) {
        const rows = (await board(teacher, race.id, kind)).board.rows;
        expect(rows.map((r) => [r.userId, r.rank])).toEqual([
          [alice.userId, 1],
          [mallory.userId, 2],
        ]);
        expect(rows[1]).toMatchObject({ selfReported: 0 });
        expect(rows[1]!.score).toBeGreaterThan(rows[0]!.score!);
      }
      const stored = await repos().submissions.listForRace(race.id);
      const mallorys = stored.find((s) => s.userId === mallory.userId)!;
      expect(mallorys).toMatchObject({ claimedMse: 0 });
      // Before the reveal the run carries its public score: history must not hint at the hidden one.
      expect((await repos().runs.findById(mallory.runId))?.verifiedScore).toBeCloseTo(localScores(poor).publicScore, 5);
      expect(await repos().submissions.readWeights(mallorys.id)).toEqual(poor);
    });

    it("refuses every bad upload with a clear error, and nothing changes", async () => {
      const race = await aRunningRace({ rules: { ...TEST_RULES, submissions: { limit: 2, counts: "best" } } });
      const student = await aStudentWithRun(race);
      const other = await aStudentWithRun(race);
      // A run whose config is outside the rules (as a run started before the teacher tightened them).
      const tooBig = raceConfig(TEST_RULES, { model: { hidden: 32 } });
      const outlaw = await aStudentWithRun(race, tooBig);
      expect((await uploadWeights(other.client, race.id, other.runId, honest.weights)).status).toBe(201);
      const before = await snapshot(race);

      const params = initialParamValues(honest.config.model, 2);
      const withValue = (value: number) => rewriteFloat(encodeWeights(honest.config, params), value);
      const otherShape = encodeWeights(raceConfig(TEST_RULES, { model: { hidden: 5 } }), initialParamValues(raceConfig(TEST_RULES, { model: { hidden: 5 } }).model, 1));
      const lstm = raceConfig(TEST_RULES, { model: { cell: "LSTM" } });
      const cases: { name: string; send: () => ReturnType<typeof uploadWeights>; status: number; code: string; message: RegExp }[] = [
        { name: "NaN weights", send: () => uploadWeights(student.client, race.id, student.runId, withValue(NaN)), status: 422, code: "invalid_weights", message: /non-finite/ },
        { name: "Inf weights", send: () => uploadWeights(student.client, race.id, student.runId, withValue(Infinity)), status: 422, code: "invalid_weights", message: /non-finite/ },
        { name: "wrong shapes", send: () => uploadWeights(student.client, race.id, student.runId, truncateParams(honest.weights)), status: 422, code: "invalid_weights", message: /bytes|corrupted/ },
        { name: "architecture ≠ run config", send: () => uploadWeights(student.client, race.id, student.runId, otherShape), status: 422, code: "invalid_weights", message: /hidden size 5.*hidden size 6/ },
        { name: "cell ≠ run config", send: () => uploadWeights(student.client, race.id, student.runId, untrainedWeights(lstm)), status: 422, code: "invalid_weights", message: /LSTM/ },
        { name: "architecture outside the rules", send: () => uploadWeights(outlaw.client, race.id, outlaw.runId, untrainedWeights(tooBig)), status: 422, code: "invalid_weights", message: /hidden size at most 16/ },
        { name: "not a weight file", send: () => uploadWeights(student.client, race.id, student.runId, new TextEncoder().encode('{"mse":0}')), status: 422, code: "invalid_weights", message: /not a weight file/ },
        { name: "oversized", send: () => uploadWeights(student.client, race.id, student.runId, new Uint8Array(200_000)), status: 413, code: "payload_too_large", message: /larger than [\d,]+ bytes/ },
        { name: "someone else's run", send: () => uploadWeights(student.client, race.id, other.runId, honest.weights), status: 403, code: "forbidden", message: /your own run/ },
        { name: "JSON instead of a file", send: () => uploadWeights(student.client, race.id, student.runId, new TextEncoder().encode("{}"), { headers: { "content-type": "application/json" } }), status: 415, code: "unsupported_media_type", message: /binary weight file/ },
        { name: "no CSRF token", send: () => uploadWeights(student.client, race.id, student.runId, honest.weights, { headers: { "x-csrf-token": "forged" } }), status: 403, code: "csrf_failed", message: /expired/ },
        { name: "bad claimed MSE", send: () => uploadWeights(student.client, race.id, student.runId, honest.weights, { claimedMse: -1 }), status: 400, code: "bad_request", message: /claimedMse/ },
      ];
      for (const c of cases) {
        const response = await c.send();
        expect({ name: c.name, status: response.status, code: response.body.error?.code }).toEqual({ name: c.name, status: c.status, code: c.code });
        // The reader's wording, or for file problems the detail naming what differs (the page says "cannot be scored").
        expect(wordingAndDetail(response.body.error), c.name).toMatch(c.message);
        expect(await snapshot(race), c.name).toEqual(before);
      }

      // Over the limit: two stored, the third refused.
      expect((await uploadWeights(student.client, race.id, student.runId, honest.weights)).status).toBe(201);
      expect((await uploadWeights(student.client, race.id, student.runId, honest.weights)).status).toBe(201);
      const full = await snapshot(race);
      const third = await uploadWeights(student.client, race.id, student.runId, honest.weights);
      expect(third.status).toBe(409);
      expect(inEnglish(third.body.error)).toBe("You have used all 2 submissions for this race.");
      expect(await snapshot(race)).toEqual(full);
    });

    it("refuses uploads before the start and after the deadline (past the grace), and changes nothing", async () => {
      const lobby = await aRunningRace({ status: "lobby", startsAt: null, endsAt: null });
      const early = await aStudentWithRun(lobby);
      const notYet = await uploadWeights(early.client, lobby.id, early.runId, honest.weights);
      expect(notYet.status).toBe(409);
      expect(notYet.body.error).toMatchObject({ code: "race_closed", reason: "not_started" });

      const race = await aRunningRace();
      const student = await aStudentWithRun(race);
      const before = await snapshot(race);
      const saved = now;
      try {
        now = race.endsAt!.getTime() + SUBMISSION_GRACE_MS + 1;
        const late = await uploadWeights(student.client, race.id, student.runId, honest.weights);
        expect(late.status).toBe(409);
        expect(late.body.error).toEqual({ code: "race_closed", reason: "deadline_passed" });
        expect(await snapshot(race)).toEqual(before);
        // Sent at the deadline, arriving within the grace: counted.
        now = race.endsAt!.getTime() + SUBMISSION_GRACE_MS - 1;
        expect((await uploadWeights(student.client, race.id, student.runId, honest.weights)).status).toBe(201);
      } finally {
        now = saved;
      }
    });

    it("the private board is the teacher's until the reveal, which needs the race to have ended; the board is recomputable from the database", async () => {
      const race = await aRunningRace();
      const a = await aStudentWithRun(race);
      const b = await aStudentWithRun(race);
      expect((await uploadWeights(a.client, race.id, a.runId, untrainedWeights(honest.config, 4))).status).toBe(201);
      expect((await uploadWeights(b.client, race.id, b.runId, honest.weights)).status).toBe(201);

      const hidden = await a.client.get(`/api/races/${race.id}/board?kind=private`);
      expect(hidden.status).toBe(403);
      expect(hidden.body).toEqual({ ok: false, error: { code: "forbidden", reason: "private_board_hidden" } });
      expect((await board(a.client, race.id)).board.kind).toBe("public");
      expect((await a.client.post(`/api/races/${race.id}/reveal`)).status).toBe(403);

      const tooSoon = await teacher.post(`/api/races/${race.id}/reveal`);
      expect(tooSoon.status).toBe(409);
      expect(tooSoon.body).toMatchObject({ ok: false, error: { code: "race_closed", reason: "not_ended" } });
      expect((await repos().races.findById(race.id))?.revealedAt).toBeNull();

      await repos().races.update(race.id, { status: "ended", endedAt: new Date(now) });
      const teacherView = await board(teacher, race.id, "private");
      const revealed = await teacher.post<TRaceBoard>(`/api/races/${race.id}/reveal`);
      expect(revealed.status).toBe(200);
      expect(revealed.body.ok && revealed.body.data).toMatchObject({ revealed: true, board: { kind: "private", rows: teacherView.board.rows } });
      expect((await board(a.client, race.id, "private")).board.rows).toEqual(teacherView.board.rows);
      // The reveal publishes each run's hidden score (the race metric) in its verifiedScore.
      for (const row of teacherView.board.rows) {
        const runId = [a, b].find((s) => s.userId === row.userId)!.runId;
        expect((await repos().runs.findById(runId))?.verifiedScore).toBeCloseTo(row.score!, 6);
      }
      const after = await uploadWeights(b.client, race.id, b.runId, honest.weights);
      expect(after.body.error).toMatchObject({ code: "race_closed" });

      // Another server process on the same database serves the same boards.
      const second = await startTestServer({ databaseUrl: testDb.url, secret: SECRET, deps: { services: { scoring: pool }, clock: { now: () => now } } });
      try {
        const again = new ApiClient(second.url);
        for (const [k, v] of teacher.cookies) again.cookies.set(k, v);
        for (const kind of ["public", "private"] as const) expect(await board(again, race.id, kind)).toEqual(await board(teacher, race.id, kind));
      } finally {
        await second.handle.close();
        await second.database.close();
      }
    });
  });
}

/** The file with the last parameter float replaced by `value` and the CRC fixed, as an edited file would be. */
function rewriteFloat(bytes: Uint8Array, value: number): Uint8Array {
  const copy = Uint8Array.from(bytes);
  const view = new DataView(copy.buffer);
  view.setFloat32(copy.length - 8, value, true);
  view.setUint32(copy.length - 4, crc32(copy.subarray(0, copy.length - 4)), true);
  return copy;
}

/** The file with its last parameter values cut off (and a valid CRC): the header promises more than it holds. */
function truncateParams(bytes: Uint8Array): Uint8Array {
  const copy = Uint8Array.from(bytes.subarray(0, bytes.length - 12));
  const view = new DataView(copy.buffer);
  view.setUint32(copy.length - 4, crc32(copy.subarray(0, copy.length - 4)), true);
  return copy;
}

