/**
 * The history API end to end on SQLite and PostgreSQL: recording a Playground run over HTTP, the list's filters,
 * sort, search and paging, comparisons, annotations, classroom/race views, the teacher's report, the
 * authorization rule (a student sees only their own runs, except that a race's replay and sweep show every run of
 * it to every member of its classroom; a classroom's teacher sees that classroom's runs; nobody else anything),
 * and bad input answered with a clear error and no change.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withOverrides, type TrainingConfig } from "@/lib/ml/config";
import { parameterSpecs } from "@/lib/ml/model";
import { encodeWeights } from "@/lib/ml/weights-format";
import type { HistoryPageView, HistoryRunView, RunDetailView } from "@/lib/history/views";
import type { Repositories } from "@/server/persistence/repositories";
import type { TestDatabase } from "../../support/databases";
import { aRace, curvePoints } from "../../support/records";
import { joinAsStudent, startTestServer, teacherWithClassroom, signUpTeacher, ApiClient, type TestServer } from "../../support/server";
import { DATABASE_TARGETS, TINY } from "./targets";



function weightsFor(config: TrainingConfig): string {
  const params = Object.fromEntries(parameterSpecs(config.model).map((s) => [s.name, new Float32Array(s.shape.reduce((a, b) => a * b, 1)).fill(0.01)]));
  return Buffer.from(encodeWeights(config, params)).toString("base64");
}

const DAY = 86_400_000;
const BASE = Date.parse("2026-03-01T10:00:00.000Z");

interface SeedRun {
  id: string;
  userId: string;
  classroomId?: string | null;
  raceId?: string | null;
  cell?: "RNN" | "LSTM" | "GRU";
  day: number;
  trainLoss: number;
  score?: number | null;
  note?: string;
  tags?: string[];
}

async function seed(repos: Repositories, run: SeedRun): Promise<void> {
  const config = withOverrides({ model: { cell: run.cell ?? "RNN", hidden: 8 }, epochs: 10, optimizer: { kind: run.cell === "LSTM" ? "adam" : "sgd" } });
  await repos.runs.create({
    id: run.id,
    userId: run.userId,
    classroomId: run.classroomId ?? null,
    raceId: run.raceId ?? null,
    kind: run.raceId ? "race" : "playground",
    config,
    startedAt: new Date(BASE + run.day * DAY),
  });
  await repos.runs.appendCurve(run.id, curvePoints(1, 10).map((p) => ({ ...p, trainLoss: run.trainLoss * (1 + (10 - p.epoch) / 10) })));
  await repos.runs.finish(run.id, { status: "finished", finishedAt: new Date(BASE + run.day * DAY + 60_000), finalTrainLoss: run.trainLoss, finalValLoss: null, msPerEpoch: 12, backend: "cpu" });
  if (run.score !== undefined && run.score !== null) {
    // A race run's verified score comes from a verified submission: the race's standings (ranks) are computed
    // from those.
    if (!run.raceId) throw new Error("only race runs have verified scores");
    const score = run.score;
    const submission = { id: randomUUID(), raceId: run.raceId, runId: run.id, userId: run.userId, createdAt: new Date(BASE + run.day * DAY + 90_000), claimedMse: null, publicScore: score, privateScore: score, rolloutScore: score, paramsHash: null };
    await repos.submissions.create({ submission, weights: new Uint8Array(4), limit: 5, runScore: () => score });
  }
  if (run.note !== undefined || run.tags !== undefined) await repos.history.annotate(run.id, { note: run.note, tags: run.tags });
}

for (const target of DATABASE_TARGETS) {
  describe.skipIf(target.skip)(`history API on ${target.name}`, () => {
    let testDb: TestDatabase;
    let server: TestServer;
    let repos: Repositories;
    let teacherA: ApiClient;
    let teacherB: ApiClient;
    let ann: { client: ApiClient; userId: string };
    let bob: { client: ApiClient; userId: string };
    let cy: { client: ApiClient; userId: string };
    let classA: string;
    let classB: string;
    let raceId: string;
    const ids = {
      annPlayground: randomUUID(),
      annClassA: randomUUID(),
      annRace: randomUUID(),
      bobRace: randomUUID(),
      bobPlayground: randomUUID(),
      cyClassB: randomUUID(),
    };
    const annMany: string[] = [];

    beforeAll(async () => {
      testDb = await target.create();
      server = await startTestServer({ databaseUrl: testDb.url });
      repos = server.database.repositories;
      const a = await teacherWithClassroom(server.url, "Physics A");
      teacherA = a.teacher;
      classA = a.classroomId;
      const b = await teacherWithClassroom(server.url, "Biology B");
      teacherB = b.teacher;
      classB = b.classroomId;
      ann = await joinAsStudent(server.url, a.code, "Ann");
      bob = await joinAsStudent(server.url, a.code, "Bob");
      cy = await joinAsStudent(server.url, b.code, "Cy");
      const race = aRace(classA, a.userId, { name: "Friday sprint", status: "ended", startsAt: new Date(BASE + 2 * DAY) });
      await repos.races.create(race);
      raceId = race.id;
      await seed(repos, { id: ids.annPlayground, userId: ann.userId, day: 0, trainLoss: 0.5, cell: "LSTM", note: "first try with adam", tags: ["baseline"] });
      await seed(repos, { id: ids.annClassA, userId: ann.userId, classroomId: classA, day: 1, trainLoss: 0.3, cell: "GRU" });
      await seed(repos, { id: ids.annRace, userId: ann.userId, classroomId: classA, raceId, day: 2, trainLoss: 0.2, score: 0.25, tags: ["race", "best"] });
      await seed(repos, { id: ids.bobRace, userId: bob.userId, classroomId: classA, raceId, day: 2, trainLoss: 0.1, score: 0.15 });
      await seed(repos, { id: ids.bobPlayground, userId: bob.userId, day: 3, trainLoss: 0.4 });
      await seed(repos, { id: ids.cyClassB, userId: cy.userId, classroomId: classB, day: 3, trainLoss: 0.6 });
      for (let i = 0; i < 27; i++) {
        const id = randomUUID();
        annMany.push(id);
        await seed(repos, { id, userId: ann.userId, day: 10 + i, trainLoss: 1 + (i % 7) / 10, cell: (["RNN", "LSTM", "GRU"] as const)[i % 3] });
      }
    });
    afterAll(async () => {
      await server?.close();
      await testDb?.drop();
    });

    const list = async (client: ApiClient, search = "") => {
      const response = await client.get<HistoryPageView>(`/api/history${search}`);
      if (!response.body.ok) throw new Error(JSON.stringify(response.body));
      return response.body.data;
    };
    const annTotal = 3 + 27;

    describe("recording a Playground run", () => {
      it("creates, takes batches idempotently, stores rollouts, finishes with weights, and reads it back", async () => {
        const created = await ann.client.post<{ runId: string }>("/api/runs", { config: TINY, backend: "cpu" });
        expect(created.status).toBe(201);
        if (!created.body.ok) throw new Error("create failed");
        const runId = created.body.data.runId;
        const batch1 = await ann.client.post<{ lastEpoch: number; missingFrom: number | null }>(`/api/runs/${runId}/snapshots`, { points: curvePoints(1, 8) });
        expect(batch1.body).toEqual({ ok: true, data: { lastEpoch: 8, missingFrom: null } });
        // A re-sent batch overlapping the stored one, and a gap: only the consecutive part is stored.
        const batch2 = await ann.client.post(`/api/runs/${runId}/snapshots`, { points: [...curvePoints(5, 12), ...curvePoints(15, 16)] });
        expect(batch2.body).toEqual({ ok: true, data: { lastEpoch: 12, missingFrom: 13 } });
        await ann.client.post(`/api/runs/${runId}/snapshots`, { points: curvePoints(13, 20) });
        const rollout = { epoch: 10, mse: 0.2, predicted: Array.from({ length: TINY.dataset.length - TINY.window }, (_, i) => Math.sin(i)) };
        expect((await ann.client.post(`/api/runs/${runId}/rollouts`, rollout)).status).toBe(200);
        const finished = await ann.client.post(`/api/runs/${runId}/finish`, { status: "finished", finalTrainLoss: 0.05, finalValLoss: null, msPerEpoch: 3.5, backend: "wasm/fused" });
        expect(finished.status).toBe(200);
        expect((await ann.client.send("PUT", `/api/runs/${runId}/weights`, { data: weightsFor(TINY) })).status).toBe(200);

        const detail = await ann.client.get<RunDetailView>(`/api/runs/${runId}`);
        if (!detail.body.ok) throw new Error("detail failed");
        const view = detail.body.data;
        expect(view.curve.map((p) => p.epoch)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
        expect(view.curve[3]).toEqual(curvePoints(4, 4)[0]);
        expect(view.rollouts).toHaveLength(1);
        expect(view.rollouts[0]!.predicted[1]).toBeCloseTo(Math.sin(1), 6);
        expect(view.run).toMatchObject({ status: "finished", kind: "playground", cell: "GRU", hidden: 4, finalTrainLoss: 0.05, msPerEpoch: 3.5, backend: "wasm/fused", lastEpoch: 20 });
        expect(view.hasWeights).toBe(true);
        expect(view.editable).toBe(true);
        expect(view.config).toEqual(TINY);
        const weights = await ann.client.get<{ data: string }>(`/api/runs/${runId}/weights`);
        expect(weights.body.ok && weights.body.data.data).toBe(weightsFor(TINY));
        // Clean up so the list counts below stay simple.
        await repos.runs.finish(runId, { status: "finished", finishedAt: new Date(), finalTrainLoss: 0.05, finalValLoss: null, msPerEpoch: 3.5 });
        annMany.push(runId);
      });

      it("refuses bad input and other people's runs, changing nothing", async () => {
        const created = await bob.client.post<{ runId: string }>("/api/runs", { config: TINY });
        if (!created.body.ok) throw new Error("create failed");
        const runId = created.body.data.runId;
        await bob.client.post(`/api/runs/${runId}/snapshots`, { points: curvePoints(1, 5) });

        const badConfig = await bob.client.post("/api/runs", { config: { ...TINY, epochs: 0 } });
        expect(badConfig.status).toBe(400);
        expect(badConfig.body.ok === false && badConfig.body.error.message).toMatch(/epochs/);
        expect((await bob.client.post("/api/runs", { config: TINY, classroomId: classB })).status).toBe(403);
        expect((await ann.client.post(`/api/runs/${runId}/snapshots`, { points: curvePoints(6, 7) })).status).toBe(404);
        expect((await bob.client.post(`/api/runs/${runId}/snapshots`, { points: curvePoints(6, 21) })).status).toBe(400);
        expect((await bob.client.post(`/api/runs/${runId}/snapshots`, { points: [{ epoch: 6, trainLoss: -1, valLoss: null, msPerEpoch: 1, tMs: 0 }] })).status).toBe(400);
        expect((await bob.client.post(`/api/runs/${runId}/snapshots`, { points: [] })).status).toBe(400);
        expect((await bob.client.post(`/api/runs/${runId}/rollouts`, { epoch: 5, mse: 0.1, predicted: [1, 2, 3] })).status).toBe(400);
        const wrongModel = weightsFor(withOverrides({ model: { cell: "LSTM", hidden: 4 } }));
        expect((await bob.client.send("PUT", `/api/runs/${runId}/weights`, { data: wrongModel })).status).toBe(400);
        expect((await bob.client.send("PUT", `/api/runs/${runId}/weights`, { data: "bm90IHdlaWdodHM=" })).status).toBe(400);
        expect((await new ApiClient(server.url).post(`/api/runs/${runId}/snapshots`, { points: curvePoints(6, 7) })).status).toBe(401);
        const detail = await bob.client.get<RunDetailView>(`/api/runs/${runId}`);
        if (!detail.body.ok) throw new Error("detail failed");
        expect(detail.body.data.run.lastEpoch).toBe(5);
        expect(detail.body.data.rollouts).toEqual([]);
        expect(detail.body.data.hasWeights).toBe(false);

        expect((await bob.client.post(`/api/runs/${runId}/finish`, { status: "stopped", finalTrainLoss: 0.1, finalValLoss: null, msPerEpoch: 2 })).status).toBe(200);
        const again = await bob.client.post(`/api/runs/${runId}/finish`, { status: "finished", finalTrainLoss: 0.01, finalValLoss: null, msPerEpoch: 2 });
        expect(again.status).toBe(400);
        expect((await bob.client.post(`/api/runs/${runId}/snapshots`, { points: curvePoints(6, 7) })).status).toBe(400);
        const after = await bob.client.get<RunDetailView>(`/api/runs/${runId}`);
        expect(after.body.ok && after.body.data.run).toMatchObject({ status: "stopped", finalTrainLoss: 0.1, lastEpoch: 5 });
        await repos.runs.finish(runId, { status: "finished", finishedAt: new Date(), finalTrainLoss: 0, finalValLoss: null, msPerEpoch: 0 });
        // Removed from the counts below: it is Bob's, and the Bob assertions do not count his runs.
      });
    });

    describe("list", () => {
      it("shows a student only their own runs, newest first", async () => {
        const page = await list(ann.client, "?pageSize=100");
        expect(page.total).toBe(annTotal + 1);
        expect(page.runs.every((r) => r.userId === ann.userId)).toBe(true);
        const starts = page.runs.map((r) => r.startedAt);
        expect([...starts].sort().reverse()).toEqual(starts);
      });

      it("filters by cell, kind, classroom, dates, score, tag and search", async () => {
        const onlyIds = (p: HistoryPageView) => p.runs.map((r) => r.id).sort();
        expect((await list(ann.client, "?cell=LSTM&pageSize=100")).runs.every((r) => r.cell === "LSTM")).toBe(true);
        expect(onlyIds(await list(ann.client, "?kind=race"))).toEqual([ids.annRace]);
        expect(onlyIds(await list(ann.client, `?classroomId=${classA}`))).toEqual([ids.annClassA, ids.annRace].sort());
        expect(onlyIds(await list(ann.client, "?from=2026-03-02&to=2026-03-03"))).toEqual([ids.annClassA, ids.annRace].sort());
        expect(onlyIds(await list(ann.client, "?minScore=0.2&maxScore=0.3"))).toEqual([ids.annRace]);
        expect(onlyIds(await list(ann.client, "?tag=best"))).toEqual([ids.annRace]);
        expect(onlyIds(await list(ann.client, "?q=ADAM"))).toContain(ids.annPlayground);
        expect(onlyIds(await list(ann.client, "?q=physics"))).toEqual([ids.annClassA, ids.annRace].sort());
        expect(onlyIds(await list(ann.client, "?q=baseline"))).toEqual([ids.annPlayground]);
        expect((await list(ann.client, "?q=nothing-like-this")).total).toBe(0);
      });

      it("sorts with missing values last and pages without overlap", async () => {
        const byScore = await list(ann.client, "?sort=verifiedScore&dir=asc&pageSize=3");
        expect(byScore.runs[0]!.id).toBe(ids.annRace);
        expect(byScore.runs[0]!.rank).toBe(2);
        expect(byScore.runs[1]!.verifiedScore).toBeNull();
        const seen: string[] = [];
        let losses: number[] = [];
        for (let page = 1; page <= 4; page++) {
          const p = await list(ann.client, `?sort=finalTrainLoss&dir=asc&pageSize=8&page=${page}`);
          expect(p.pageCount).toBe(4);
          seen.push(...p.runs.map((r) => r.id));
          losses = [...losses, ...p.runs.map((r) => r.finalTrainLoss!)];
        }
        expect(new Set(seen).size).toBe(annTotal + 1);
        expect([...losses].sort((a, b) => a - b)).toEqual(losses);
        const byCellDesc = await list(ann.client, "?sort=cell&dir=desc&pageSize=100");
        const cells = byCellDesc.runs.map((r) => r.cell);
        expect([...cells].sort().reverse()).toEqual(cells);
      });

      it("shows a classroom's teacher that classroom's runs only, with students' names", async () => {
        const page = await list(teacherA, `?classroomId=${classA}&sort=verifiedScore&dir=asc`);
        expect(page.runs.map((r) => r.id)).toEqual([ids.bobRace, ids.annRace, ids.annClassA]);
        expect(page.runs.map((r) => [r.studentName, r.rank])).toEqual([
          ["Bob", 1],
          ["Ann", 2],
          ["Ann", null],
        ]);
        expect(page.runs[0]!.raceName).toBe("Friday sprint");
        expect(page.runs[0]!.classroomName).toBe("Physics A");
      });

      it("opens a teacher's history on the runs of the classrooms they teach, and no other classroom's", async () => {
        const a = await list(teacherA, "?pageSize=100");
        expect(a.runs.map((r) => r.id).sort()).toEqual([ids.annClassA, ids.annRace, ids.bobRace].sort());
        // Not the students' runs outside the classroom (Playground runs saved nowhere), nor another classroom's.
        expect(a.runs.some((r) => r.id === ids.annPlayground || r.id === ids.bobPlayground || r.id === ids.cyClassB)).toBe(false);
        const b = await list(teacherB, "?pageSize=100");
        expect(b.runs.map((r) => r.id)).toEqual([ids.cyClassB]);
        // Filters and search narrow within that scope only: "Physics" names classroom A, which B does not teach.
        expect((await list(teacherB, "?q=physics")).total).toBe(0);
        expect((await list(teacherA, "?kind=race")).runs.map((r) => r.id).sort()).toEqual([ids.annRace, ids.bobRace].sort());
        // A student's history is still only their own.
        expect((await list(cy.client, "?pageSize=100")).runs.map((r) => r.id)).toEqual([ids.cyClassB]);
      });

      it("refuses classrooms and races the caller is not in", async () => {
        for (const [client, search] of [
          [cy.client, `?classroomId=${classA}`],
          [teacherB, `?classroomId=${classA}`],
          [teacherB, `?raceId=${raceId}`],
          [ann.client, `?classroomId=${classB}`],
          [ann.client, `?raceId=${randomUUID()}`],
        ] as const) {
          const response = await client.get(`/api/history${search}`);
          expect(response.status, search).toBe(403);
        }
        // A student in the classroom sees only their own runs of it.
        const bobs = await list(bob.client, `?classroomId=${classA}`);
        expect(bobs.runs.map((r) => r.id)).toEqual([ids.bobRace]);
      });

      it("answers bad parameters with 400 naming the field", async () => {
        for (const [search, field] of [
          ["?sort=passwordHash", "sort"],
          ["?pageSize=1000", "pageSize"],
          ["?from=2026-13-01", "from"],
          // An unknown parameter is named, as an unknown key of a body is.
          ["?userId=someone", "userId"],
          ["?minScore=2&maxScore=1", "maxScore"],
        ] as const) {
          const response = await ann.client.get(`/api/history${search}`);
          expect(response.status, search).toBe(400);
          expect(response.body.ok === false && response.body.error.field).toBe(field);
        }
        expect((await new ApiClient(server.url).get("/api/history")).status).toBe(401);
      });
    });

    describe("runs, comparisons and annotations", () => {
      it("lets the owner and the classroom's teacher open a run, and nobody else", async () => {
        expect((await ann.client.get(`/api/runs/${ids.annRace}`)).status).toBe(200);
        const byTeacher = await teacherA.get<RunDetailView>(`/api/runs/${ids.annRace}`);
        expect(byTeacher.status).toBe(200);
        expect(byTeacher.body.ok && byTeacher.body.data.editable).toBe(false);
        // The summary is the summary: the configuration and flags travel beside it, once.
        expect(byTeacher.body.ok && Object.keys(byTeacher.body.data.run)).not.toEqual(expect.arrayContaining(["configJson"]));
        expect(byTeacher.body.ok && Object.keys(byTeacher.body.data.run)).not.toEqual(expect.arrayContaining(["hasWeights"]));
        for (const [client, id] of [
          [bob.client, ids.annRace],
          [teacherA, ids.annPlayground], // a Playground run outside any classroom is private
          [teacherB, ids.annRace],
          [cy.client, ids.annClassA],
          [ann.client, randomUUID()],
        ] as const) {
          const response = await client.get(`/api/runs/${id}`);
          expect(response.status).toBe(404);
          expect((await client.get(`/api/runs/${id}/weights`)).status).toBe(404);
        }
      });

      it("compares 2 to 10 visible runs with curves and a config diff", async () => {
        const response = await ann.client.get<{ runs: HistoryRunView[]; curves: Record<string, unknown[]>; diff: { path: string; differs: boolean }[] }>(
          `/api/history/compare?ids=${ids.annPlayground},${ids.annClassA}`,
        );
        if (!response.body.ok) throw new Error(JSON.stringify(response.body));
        expect(response.body.data.runs.map((r) => r.id)).toEqual([ids.annPlayground, ids.annClassA]);
        expect(response.body.data.curves[ids.annClassA]).toHaveLength(10);
        expect(response.body.data.diff.find((d) => d.path === "model.cell")).toMatchObject({ differs: true });
        expect(response.body.data.diff.find((d) => d.path === "model.hidden")).toMatchObject({ differs: false });
        const teacherCompare = await teacherA.get(`/api/history/compare?ids=${ids.annRace},${ids.bobRace}`);
        expect(teacherCompare.status).toBe(200);
        expect((await ann.client.get(`/api/history/compare?ids=${ids.annRace},${ids.bobRace}`)).status).toBe(404);
        expect((await ann.client.get(`/api/history/compare?ids=${ids.annRace}`)).status).toBe(400);
        expect((await ann.client.get(`/api/history/compare?ids=${annMany.slice(0, 11).join(",")}`)).status).toBe(400);
        expect((await ann.client.get("/api/history/compare")).status).toBe(400);
      });

      it("lets only the owner tag and annotate, validating both", async () => {
        const ok = await ann.client.patch<{ run: HistoryRunView }>(`/api/runs/${ids.annClassA}`, { tags: ["GRU-Test", "gru-test", "v2"], note: "smaller lr next" });
        expect(ok.body.ok && ok.body.data.run.tags).toEqual(["gru-test", "v2"]);
        expect(ok.body.ok && ok.body.data.run.note).toBe("smaller lr next");
        expect((await teacherA.patch(`/api/runs/${ids.annClassA}`, { note: "teacher was here" })).status).toBe(403);
        expect((await bob.client.patch(`/api/runs/${ids.annClassA}`, { note: "bob was here" })).status).toBe(404);
        expect((await ann.client.patch(`/api/runs/${ids.annClassA}`, { tags: ["no spaces allowed"] })).status).toBe(400);
        expect((await ann.client.patch(`/api/runs/${ids.annClassA}`, {})).status).toBe(400);
        expect((await ann.client.patch(`/api/runs/${ids.annClassA}`, { note: "x".repeat(2001) })).status).toBe(400);
        const after = await ann.client.get<RunDetailView>(`/api/runs/${ids.annClassA}`);
        expect(after.body.ok && after.body.data.run).toMatchObject({ tags: ["gru-test", "v2"], note: "smaller lr next" });
      });
    });

    describe("classroom and race views", () => {
      it("gives the teacher the whole classroom's sweep, a student the room's race runs plus their own", async () => {
        type Sweep = { data: { lines: { id: string; verified: boolean }[] }; scope: string };
        const teacher = await teacherA.get<Sweep>(`/api/history/sweep?classroomId=${classA}`);
        if (!teacher.body.ok) throw new Error(JSON.stringify(teacher.body));
        expect(teacher.body.data.scope).toBe("classroom");
        expect(teacher.body.data.data.lines.map((l) => l.id).sort()).toEqual([ids.annClassA, ids.annRace, ids.bobRace].sort());
        // A race's sweep: every run of it, for any member (it was raced in front of the room).
        const raceSweep = await bob.client.get<Sweep>(`/api/history/sweep?raceId=${raceId}`);
        if (!raceSweep.body.ok) throw new Error(JSON.stringify(raceSweep.body));
        expect(raceSweep.body.data.scope).toBe("classroom");
        expect(raceSweep.body.data.data.lines.map((l) => l.id).sort()).toEqual([ids.annRace, ids.bobRace].sort());
        // The classroom's sweep for a student: its race runs and their own runs, not a classmate's Playground run.
        const room = await bob.client.get<Sweep>(`/api/history/sweep?classroomId=${classA}`);
        if (!room.body.ok) throw new Error(JSON.stringify(room.body));
        expect(room.body.data.scope).toBe("room");
        expect(room.body.data.data.lines.map((l) => l.id).sort()).toEqual([ids.annRace, ids.bobRace].sort());
        const annRoom = await ann.client.get<Sweep>(`/api/history/sweep?classroomId=${classA}`);
        expect(annRoom.body.ok && annRoom.body.data.data.lines.map((l) => l.id).sort()).toEqual([ids.annClassA, ids.annRace, ids.bobRace].sort());
        for (const [client, search] of [
          [cy.client, `classroomId=${classA}`],
          [cy.client, `raceId=${raceId}`],
          [teacherB, `raceId=${raceId}`],
        ] as const) {
          expect((await client.get(`/api/history/sweep?${search}`)).status, search).toBe(403);
        }
        expect((await teacherA.get("/api/history/sweep")).status).toBe(400);
      });

      it("replays a race from stored curves to every member of its classroom, and nobody else", async () => {
        type Replay = { race: { name: string; startsAt: string }; scope: string; runs: { runId: string; label: string; points: { tMs: number }[] }[] };
        for (const client of [teacherA, bob.client, ann.client]) {
          const replay = await client.get<Replay>(`/api/history/replay?raceId=${raceId}`);
          if (!replay.body.ok) throw new Error(JSON.stringify(replay.body));
          expect(replay.body.data.race).toMatchObject({ name: "Friday sprint", startsAt: new Date(BASE + 2 * DAY).toISOString() });
          expect(replay.body.data.scope).toBe("classroom");
          expect(replay.body.data.runs.map((r) => r.label).sort()).toEqual(["Ann", "Bob"]);
          expect(replay.body.data.runs[0]!.points.map((p) => p.tMs)).toEqual(curvePoints(1, 10).map((p) => p.tMs));
        }
        // Seeing a classmate's race curve does not open their run page, weights or comparison.
        expect((await bob.client.get(`/api/runs/${ids.annRace}`)).status).toBe(404);
        expect((await bob.client.get(`/api/runs/${ids.annRace}/weights`)).status).toBe(404);
        expect((await bob.client.get(`/api/history/compare?ids=${ids.annRace},${ids.bobRace}`)).status).toBe(404);
        expect((await bob.client.get(`/api/history?raceId=${raceId}`)).body).toMatchObject({ ok: true, data: { total: 1 } });
        for (const client of [teacherB, cy.client]) expect((await client.get(`/api/history/replay?raceId=${raceId}`)).status).toBe(403);
        expect((await teacherA.get("/api/history/replay")).status).toBe(400);
      });

      it("reports per student to the teacher only", async () => {
        const report = await teacherA.get<{ students: { displayName: string; runs: number; raceRuns: number; attempts: number; bestVerifiedScore: number | null }[]; distribution: { counts: number[] } }>(
          `/api/history/report?classroomId=${classA}`,
        );
        if (!report.body.ok) throw new Error(JSON.stringify(report.body));
        expect(report.body.data.students.map((s) => [s.displayName, s.runs, s.raceRuns, s.bestVerifiedScore])).toEqual([
          ["Bob", 1, 1, 0.15],
          ["Ann", 2, 1, 0.25],
        ]);
        expect(report.body.data.distribution.counts.reduce((a, b) => a + b, 0)).toBe(2);
        expect((await ann.client.get(`/api/history/report?classroomId=${classA}`)).status).toBe(403);
        expect((await teacherB.get(`/api/history/report?classroomId=${classA}`)).status).toBe(403);
      });
    });

    // Last: it adds a run to classroom A, which the assertions above count.
    it("saves a Playground run in a classroom its teacher can then open", async () => {
      const created = await bob.client.post<{ runId: string }>("/api/runs", { config: TINY, classroomId: classA });
      if (!created.body.ok) throw new Error(JSON.stringify(created.body));
      const runId = created.body.data.runId;
      const byTeacher = await teacherA.get<RunDetailView>(`/api/runs/${runId}`);
      expect(byTeacher.body.ok && byTeacher.body.data.run).toMatchObject({ classroomName: "Physics A", studentName: "Bob", status: "running" });
      expect((await teacherB.get(`/api/runs/${runId}`)).status).toBe(404);
      const listed = await list(teacherA, `?classroomId=${classA}&kind=playground`);
      expect(listed.runs.map((r) => r.id)).toContain(runId);
    });

    it("shows a new account an empty history", async () => {
      const lone = await signUpTeacher(server.url, "Mr Lone");
      expect((await list(lone.client)).total).toBe(0);
    });
  });
}
