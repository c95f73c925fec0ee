/**
 * What only the teacher sees, and what the teacher is told at set-up: identical weights from two students are
 * flagged on the teacher's boards (HTTP and broadcasts), never on a student's; race rules whose worst-case
 * scoring would exceed the budget are refused when the race is created, with the catalogue's message.
 */
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { request } from "@/app/_lib/realtime";
import { errorReasons } from "@/lib/i18n/en/errors";
import { format } from "@/lib/i18n/format";
import { DEFAULT_RACE_RULES } from "@/lib/race/rules";
import { largestAffordableHidden, SCORING_COST_BUDGET, worstScoringCost } from "@/lib/scoring/cost";
import type { TRaceBoard } from "@/lib/scoring/views";
import { createScoringPool, type ScoringPool } from "@/server/scoring/pool";
import { participant, unwrap } from "../../support/race";
import { aRace, aRun } from "../../support/records";
import { closeAllSockets, connected, Inbox } from "../../support/realtime";
import { raceConfig, TEST_RULES, untrainedWeights, uploadWeights } from "../../support/scoring";
import { inEnglish } from "../../support/in-english";
import { joinAsStudent, startTestServer, teacherWithClassroom, type TestServer } from "../../support/server";

let server: TestServer;
let pool: ScoringPool;

beforeAll(async () => {
  await tf.setBackend("cpu");
  pool = createScoringPool({ size: 1 });
  server = await startTestServer({ deps: { services: { scoring: pool } } });
});
afterAll(async () => {
  closeAllSockets();
  await server?.close();
  await pool?.close();
});

describe("identical weights, for the teacher only", () => {
  it("flags the rows of students who submitted the same weights on the teacher's boards; students never see it", async () => {
    const room = await teacherWithClassroom(server.url, "Copies");
    const repos = server.database.repositories;
    const race = aRace(room.classroomId, room.userId, { rules: TEST_RULES, status: "running", hiddenSeed: 5, endsAt: new Date(Date.now() + 600_000) });
    await repos.races.create(race);
    const config = raceConfig(TEST_RULES);
    const students = [];
    for (const name of ["Ana", "Ben", "Cho"]) {
      const s = await joinAsStudent(server.url, room.code, name);
      const run = aRun(s.userId, { classroomId: room.classroomId, raceId: race.id, kind: "race", config, startedAt: new Date() });
      await repos.runs.create(run);
      const socket = s.client.socket({ autoConnect: false });
      await connected(socket);
      const inbox = new Inbox(socket);
      await unwrap(request(socket, "room:enter", { classroomId: room.classroomId }));
      students.push({ ...s, runId: run.id, inbox, name });
    }
    const teacherSocket = room.teacher.socket({ autoConnect: false });
    await connected(teacherSocket);
    const teacherInbox = new Inbox(teacherSocket);
    await unwrap(request(teacherSocket, "room:enter", { classroomId: room.classroomId }));

    const shared = untrainedWeights(config, 1);
    const [ana, ben, cho] = students as [(typeof students)[0], (typeof students)[0], (typeof students)[0]];
    for (const [s, weights] of [[ana, shared], [ben, shared], [cho, untrainedWeights(config, 2)]] as const) {
      expect((await uploadWeights(s.client, race.id, s.runId, weights)).status).toBe(201);
    }
    const flags = (board: TRaceBoard) => Object.fromEntries(board.board.rows.map((r) => [r.displayName, r.sameWeightsAs ?? null]));
    const expected = { Ana: ["Ben"], Ben: ["Ana"], Cho: null };
    for (const kind of ["public", "private"] as const) {
      const response = await room.teacher.get<TRaceBoard>(`/api/races/${race.id}/board?kind=${kind}`);
      expect(response.body.ok && flags(response.body.data)).toEqual(expected);
    }
    const studentView = await ana.client.get<TRaceBoard>(`/api/races/${race.id}/board?kind=public`);
    expect(studentView.body.ok && studentView.body.data.board.rows).toHaveLength(3);
    expect(JSON.stringify(studentView.body)).not.toContain("sameWeightsAs");

    const teacherBoards = await Promise.all(
      (["public", "private"] as const).map((kind) => teacherInbox.next("board:updated", (b) => b.board.kind === kind && b.board.rows.length === 3)),
    );
    for (const board of teacherBoards) expect(flags(board)).toEqual(expected);
    for (const s of students) {
      await s.inbox.next("board:updated", (b) => b.board.rows.length === 3);
      expect(s.inbox.of("board:updated").every((b) => b.board.kind === "public" && b.board.rows.every((r) => r.sameWeightsAs === undefined))).toBe(true);
    }

    // After the reveal the private board reaches students too, still without the flag.
    await repos.races.update(race.id, { status: "ended", endedAt: new Date() });
    const revealed = await room.teacher.post<TRaceBoard>(`/api/races/${race.id}/reveal`);
    expect(revealed.body.ok && flags(revealed.body.data)).toEqual(expected);
    expect(flags(await teacherInbox.next("board:revealed"))).toEqual(expected);
    const shown = await cho.inbox.next("board:revealed");
    expect(shown.board.rows.every((r) => r.sameWeightsAs === undefined)).toBe(true);
  });
});

describe("the scoring budget at race set-up", () => {
  it("refuses rules whose worst-case scoring exceeds the budget, saying which max hidden size fits; accepts the lesson's", async () => {
    const room = await teacherWithClassroom(server.url, "Heavy");
    const teacher = await participant(room.teacher, room.userId);
    const heavy = { ...DEFAULT_RACE_RULES, dataset: { ...DEFAULT_RACE_RULES.dataset, length: 600 }, window: 150, hiddenLength: 150 };
    const refused = await request(teacher.socket, "race:create", { classroomId: room.classroomId, name: "Too heavy", rules: heavy });
    const values = { percent: Math.ceil((worstScoringCost(heavy) / SCORING_COST_BUDGET) * 100), hidden: largestAffordableHidden(heavy) };
    // Codes and values only: the page writes the message in the reader's language.
    expect(refused).toMatchObject({ ok: false, error: { code: "bad_request", reason: "scoring_cost", field: "rules.maxHidden", values } });
    const shown = { percent: new Intl.NumberFormat("en").format(values.percent), hidden: String(values.hidden) };
    expect(inEnglish(refused.ok ? undefined : refused.error)).toBe(format(errorReasons["bad_request.scoring_cost"]!, shown));
    expect((await unwrap(request(teacher.socket, "race:list", { classroomId: room.classroomId }))).races).toEqual([]);
    const fits = await request(teacher.socket, "race:create", { classroomId: room.classroomId, name: "Fits", rules: { ...heavy, maxHidden: values.hidden } });
    expect(fits.ok).toBe(true);
    expect((await request(teacher.socket, "race:create", { classroomId: room.classroomId, name: "Lesson", rules: DEFAULT_RACE_RULES })).ok).toBe(true);
  });
});
