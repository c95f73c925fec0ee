/**
 * Every JSON API route that touches classroom data, called by someone who must not get it: signed out, a
 * teacher of another classroom, a student of another classroom, and (for the teacher's controls) a student of
 * this classroom. Each is refused, and the classroom is unchanged afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { routes } from "@/server/http/routes/index";
import { ApiClient, joinAsStudent, startTestServer, teacherWithClassroom, type TestServer } from "../../support/server";
import { DEFAULT_TRAINING_CONFIG } from "@/lib/ml/config";
import { aDataset, aRace, aRun, curvePoints } from "../../support/records";
import { monthlyValues, uploadRequest } from "../../support/datasets";

let server: TestServer;
let room: Awaited<ReturnType<typeof teacherWithClassroom>>;
let member: Awaited<ReturnType<typeof joinAsStudent>>;
let callers: Record<Who, ApiClient>;
let race: { id: string; runId: string; otherRunId: string };
let datasetId: string;

beforeAll(async () => {
  server = await startTestServer();
  room = await teacherWithClassroom(server.url, "Guarded");
  member = await joinAsStudent(server.url, room.code, "Member");
  const elsewhere = await teacherWithClassroom(server.url, "Elsewhere");
  const outsider = await joinAsStudent(server.url, elsewhere.code, "Outsider");
  // A running race in the guarded classroom, with a run of another student of it.
  const runner = await joinAsStudent(server.url, room.code, "Runner");
  const repos = server.database.repositories;
  const raceRecord = aRace(room.classroomId, room.userId, { status: "running" });
  await repos.races.create(raceRecord);
  const run = aRun(runner.userId, { classroomId: room.classroomId, raceId: raceRecord.id, kind: "race" });
  await repos.runs.create(run);
  const other = aRun(runner.userId, { classroomId: room.classroomId });
  await repos.runs.create(other);
  race = { id: raceRecord.id, runId: run.id, otherRunId: other.id };
  // The classroom's library holds a teacher's upload.
  const dataset = aDataset(room.userId, { classroomId: room.classroomId });
  await repos.datasets.create(dataset, 100);
  datasetId = dataset.id;
  callers = {
    "signed-out": new ApiClient(server.url),
    "other teacher": elsewhere.teacher,
    "other student": outsider.client,
    "student of this room": member.client,
  };
});
afterAll(() => server.close());

type Method = "GET" | "POST" | "PATCH" | "DELETE" | "PUT";
type Who = "signed-out" | "other teacher" | "other student" | "student of this room";
const EVERYONE: Who[] = ["signed-out", "other teacher", "other student", "student of this room"];
const OUTSIDERS: Who[] = ["signed-out", "other teacher", "other student"];

interface Case {
  method: Method;
  path: string;
  route: string;
  body?: unknown;
  refused: Who[];
  /** How signed-in callers are refused when it is not 403 (runs answer 404: their ids cannot be probed). */
  refusedWith?: { status: number; code: string };
}

const RUN_HIDDEN = { status: 404, code: "not_found" };
/** Datasets answer like runs: one you may not see is one that does not exist. */
const DATASET_HIDDEN = RUN_HIDDEN;

const cases = (): Case[] => [
  // About the caller's own data: only signing out first is refused.
  { method: "GET", route: "/api/classrooms", path: "/api/classrooms", refused: ["signed-out"] },
  { method: "DELETE", route: "/api/session", path: "/api/session", refused: ["signed-out"] },
  { method: "PUT", route: "/api/account/locale", path: "/api/account/locale", body: { locale: "ja" }, refused: ["signed-out"] },
  { method: "GET", route: "/api/join-address", path: "/api/join-address", refused: ["signed-out"] },
  // Any teacher may create a classroom; students may not.
  { method: "POST", route: "/api/classrooms", path: "/api/classrooms", body: { name: "Mine" }, refused: ["signed-out", "other student", "student of this room"] },
  { method: "GET", route: "/api/classrooms/:id", path: `/api/classrooms/${room.classroomId}`, refused: OUTSIDERS },
  { method: "DELETE", route: "/api/classrooms/:id/membership", path: `/api/classrooms/${room.classroomId}/membership`, refused: OUTSIDERS },
  { method: "PATCH", route: "/api/classrooms/:id", path: `/api/classrooms/${room.classroomId}`, body: { locked: true, archived: true }, refused: EVERYONE },
  { method: "POST", route: "/api/classrooms/:id/code", path: `/api/classrooms/${room.classroomId}/code`, refused: EVERYONE },
  { method: "DELETE", route: "/api/classrooms/:id/members/:userId", path: `/api/classrooms/${room.classroomId}/members/${member?.userId}`, refused: EVERYONE },
  { method: "POST", route: "/api/classrooms/:id/members/:userId/pin-reset", path: `/api/classrooms/${room.classroomId}/members/${member?.userId}/pin-reset`, refused: EVERYONE },
  // Choosing a new password is each person's own business: only a session is needed (test/integration/http/pin-reset.test.ts).
  { method: "PUT", route: "/api/account/password", path: "/api/account/password", body: { password: "5827" }, refused: ["signed-out"] },
  // Scoring: only the run's owner uploads for it; members read the public board; the teacher reveals.
  { method: "POST", route: "/api/races/:raceId/runs/:runId/submissions", path: `/api/races/${race?.id}/runs/${race?.runId}/submissions`, refused: EVERYONE },
  { method: "POST", route: "/api/races/:raceId/runs/:runId/checkpoints", path: `/api/races/${race?.id}/runs/${race?.runId}/checkpoints?epoch=1`, refused: EVERYONE },
  { method: "GET", route: "/api/races/:raceId/board", path: `/api/races/${race?.id}/board`, refused: OUTSIDERS },
  { method: "POST", route: "/api/races/:raceId/reveal", path: `/api/races/${race?.id}/reveal`, refused: EVERYONE },
  { method: "GET", route: "/api/races/:raceId/progress", path: `/api/races/${race?.id}/progress`, refused: EVERYONE },
  // History: a student sees only their own runs, the classroom's teacher the classroom's; runs answer 404.
  { method: "GET", route: "/api/history", path: `/api/history`, refused: ["signed-out"] },
  { method: "GET", route: "/api/history/sweep", path: `/api/history/sweep?classroomId=${room.classroomId}`, refused: OUTSIDERS },
  { method: "GET", route: "/api/history/races", path: `/api/history/races?classroomId=${room.classroomId}`, refused: OUTSIDERS },
  { method: "GET", route: "/api/history/replay", path: `/api/history/replay?raceId=${race?.id}`, refused: OUTSIDERS },
  { method: "GET", route: "/api/history/report", path: `/api/history/report?classroomId=${room.classroomId}`, refused: EVERYONE },
  { method: "GET", route: "/api/history/compare", path: `/api/history/compare?ids=${race?.runId},${race?.otherRunId}`, refused: EVERYONE, refusedWith: RUN_HIDDEN },
  { method: "GET", route: "/api/runs/:id", path: `/api/runs/${race?.otherRunId}`, refused: EVERYONE, refusedWith: RUN_HIDDEN },
  { method: "GET", route: "/api/runs/:id/weights", path: `/api/runs/${race?.otherRunId}/weights`, refused: EVERYONE, refusedWith: RUN_HIDDEN },
  { method: "PATCH", route: "/api/runs/:id", path: `/api/runs/${race?.otherRunId}`, body: { note: "mine now" }, refused: EVERYONE, refusedWith: RUN_HIDDEN },
  { method: "POST", route: "/api/runs", path: "/api/runs", body: { config: DEFAULT_TRAINING_CONFIG }, refused: ["signed-out"] },
  // An import is private unless saved in a classroom, which only its members may do.
  { method: "POST", route: "/api/runs/imports", path: "/api/runs/imports", body: { config: DEFAULT_TRAINING_CONFIG, classroomId: room.classroomId, weights: "TFJXVA==", trainLoss: 0.1, valLoss: null, rollout: { mse: 0.1, predicted: [0.1] } }, refused: OUTSIDERS },
  { method: "POST", route: "/api/runs/:id/snapshots", path: `/api/runs/${race?.otherRunId}/snapshots`, body: { points: curvePoints(1, 2) }, refused: EVERYONE, refusedWith: RUN_HIDDEN },
  { method: "POST", route: "/api/runs/:id/rollouts", path: `/api/runs/${race?.otherRunId}/rollouts`, body: { epoch: 1, mse: 0.1, predicted: [0.1] }, refused: EVERYONE, refusedWith: RUN_HIDDEN },
  { method: "POST", route: "/api/runs/:id/finish", path: `/api/runs/${race?.otherRunId}/finish`, body: { status: "stopped", finalTrainLoss: 0.1, finalValLoss: null, msPerEpoch: 1 }, refused: EVERYONE, refusedWith: RUN_HIDDEN },
  { method: "PUT", route: "/api/runs/:id/weights", path: `/api/runs/${race?.otherRunId}/weights`, body: { data: "TFJXVA==" }, refused: EVERYONE, refusedWith: RUN_HIDDEN },
  // Data library: a classroom's is its teachers'; students train on a race's visible part; private data is its owner's.
  { method: "GET", route: "/api/classrooms/:id/datasets", path: `/api/classrooms/${room.classroomId}/datasets`, refused: EVERYONE },
  { method: "POST", route: "/api/classrooms/:id/datasets", path: `/api/classrooms/${room.classroomId}/datasets`, body: uploadRequest(monthlyValues(24)), refused: EVERYONE },
  { method: "GET", route: "/api/datasets", path: "/api/datasets", refused: ["signed-out"] },
  { method: "POST", route: "/api/datasets", path: "/api/datasets", body: uploadRequest(monthlyValues(24)), refused: ["signed-out"] },
  { method: "GET", route: "/api/datasets/:id", path: `/api/datasets/${datasetId}`, refused: EVERYONE, refusedWith: DATASET_HIDDEN },
  { method: "DELETE", route: "/api/datasets/:id", path: `/api/datasets/${datasetId}`, refused: EVERYONE, refusedWith: DATASET_HIDDEN },
  { method: "GET", route: "/api/races/:raceId/data", path: `/api/races/${race?.id}/data`, refused: OUTSIDERS },
  { method: "GET", route: "/api/runs/:id/series", path: `/api/runs/${race?.otherRunId}/series`, refused: EVERYONE, refusedWith: RUN_HIDDEN },
];

it("covers every route that needs a signed-in user", () => {
  const guarded = routes.filter((r) => r.auth === "user").map((r) => `${r.method} ${r.path}`).sort();
  expect(cases().map((c) => `${c.method} ${c.route}`).sort()).toEqual(guarded);
});

async function state() {
  const response = await room.teacher.get<{ classroom: unknown; members: unknown[] }>(`/api/classrooms/${room.classroomId}`);
  const listing = await room.teacher.get("/api/classrooms");
  const library = await room.teacher.get(`/api/classrooms/${room.classroomId}/datasets`);
  const dataset = await room.teacher.get(`/api/datasets/${datasetId}`);
  return { room: response.body, listing: listing.body, library: library.body, dataset: dataset.body };
}

describe.each(EVERYONE)("as %s", (who) => {
  it("every guarded route refuses, and nothing changes", async () => {
    for (const c of cases().filter((c) => c.refused.includes(who))) {
      const before = await state();
      const client = callers[who];
      const response = c.method === "GET" ? await client.get(c.path) : await client.send(c.method, c.path, c.body);
      const expected = who === "signed-out" ? { status: 401, code: "unauthenticated" } : (c.refusedWith ?? { status: 403, code: "forbidden" });
      expect({ route: `${c.method} ${c.route}`, status: response.status }).toEqual({ route: `${c.method} ${c.route}`, status: expected.status });
      expect(response.body).toMatchObject({ ok: false, error: { code: expected.code } });
      expect(await state()).toEqual(before);
    }
  });
});

it("outsiders learn nothing from a classroom id that does not exist either", async () => {
  const client = callers["other teacher"];
  const real = await client.get(`/api/classrooms/${room.classroomId}`);
  const fake = await client.get("/api/classrooms/00000000-0000-0000-0000-000000000000");
  expect(fake.status).toBe(real.status);
  expect(fake.body).toEqual(real.body);
});
