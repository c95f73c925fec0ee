/**
 * Races and training on uploaded data, end to end over the real HTTP API, sockets and scoring workers: a teacher
 * sets a race on a library dataset and a held-back length; students get the visible part only; a submission is
 * scored on exactly the uploaded split (checked against the engine run here on the same numbers); the scoring
 * workers receive the held-back tail for final submissions only; a run's page gets what the run trained on; and
 * the Playground trains only on data its user may read.
 */
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { request } from "@/app/_lib/realtime";
import type { TVisibleSeries } from "@/lib/api/datasets";
import { uploadedRaceSeries } from "@/lib/data/source";
import { OPS_IMPLEMENTATION } from "@/lib/ml/implementations";
import { withOverrides, type UploadedDatasetConfig } from "@/lib/ml/config";
import { DEFAULT_RACE_RULES, raceTrainingConfig, RaceRulesSchema, type RaceRules } from "@/lib/race/rules";
import type { RaceView } from "@/lib/realtime/race";
import { prepareScoringData } from "@/lib/scoring/score";
import { verifySubmission } from "@/lib/scoring/verify";
import type { TRaceBoard, TSubmissionResult } from "@/lib/scoring/views";
import { createScoringPool, type ScoringPool } from "@/server/scoring/pool";
import type { SubmissionJob } from "@/server/scoring/protocol";
import { monthlyValues, uploaded, uploadRequest } from "../../support/datasets";
import { closeAllSockets } from "../../support/realtime";
import { participant, unwrap, type Participant } from "../../support/race";
import { GatedPool, trainWeights, uploadWeights } from "../../support/scoring";
import { ApiClient, joinAsStudent, startTestServer, teacherWithClassroom, type TeacherWithClassroom, type TestServer } from "../../support/server";

const STORED = monthlyValues(72);
const VISIBLE = 60;
const HIDDEN = STORED.length - VISIBLE;

let pool: ScoringPool;
let recording: GatedPool;
let server: TestServer;
let room: TeacherWithClassroom;
let teacher: Participant;
let datasetId: string;
let race: RaceView;
let rules: RaceRules;

const onUpload = (change: Partial<UploadedDatasetConfig> = {}): UploadedDatasetConfig => ({ source: "upload", datasetId, length: VISIBLE, scaling: "standardise", ...change });
const raceRules = (change: Partial<UploadedDatasetConfig> = {}, hiddenLength = HIDDEN): RaceRules =>
  RaceRulesSchema.parse({
    ...DEFAULT_RACE_RULES,
    dataset: onUpload(change),
    window: 12,
    validationFraction: 0.2,
    budget: { maxEpochs: 40, timeLimitSec: null },
    allowedCells: ["GRU", "LSTM"],
    maxLayers: 1,
    maxHidden: 8,
    hiddenLength,
    submissions: { limit: 3, counts: "best" },
  });

beforeAll(async () => {
  await tf.setBackend("cpu");
  pool = createScoringPool({ size: 1 });
  recording = new GatedPool(pool);
  recording.open();
  server = await startTestServer({ deps: { services: { scoring: recording } } });
  room = await teacherWithClassroom(server.url, "Data club");
  teacher = await participant(room.teacher, room.userId);
  await unwrap(request(teacher.socket, "room:enter", { classroomId: room.classroomId }));
  datasetId = (await uploaded(room.teacher, room.classroomId, uploadRequest(STORED))).id;
  rules = raceRules();
  race = (await unwrap(request(teacher.socket, "race:create", { classroomId: room.classroomId, name: "River level", rules }))).race;
});
afterAll(async () => {
  closeAllSockets();
  await server?.close();
  await pool?.close();
});

const races = async () => (await unwrap(request(teacher.socket, "race:list", { classroomId: room.classroomId }))).races.map((r) => r.id);

describe("setting a race on library data", () => {
  it("the race names the dataset, the visible length and the held-back length", () => {
    expect(race.rules.dataset).toEqual(onUpload());
    expect(race.rules.hiddenLength).toBe(HIDDEN);
  });

  it("refuses a split that does not add up, data outside the classroom's library, and a constant visible part; nothing is created", async () => {
    const before = await races();
    const elsewhere = await teacherWithClassroom(server.url, "Other club");
    const foreign = await uploaded(elsewhere.teacher, elsewhere.classroomId, uploadRequest(STORED));
    const student = await joinAsStudent(server.url, room.code, "Private person");
    const privateData = await uploaded(student.client, null, uploadRequest(STORED));
    const flat = await uploaded(room.teacher, room.classroomId, uploadRequest([...Array(20).fill(5), ...monthlyValues(8)], { scaling: "none" }));
    const attempts: [RaceRules, Record<string, unknown>][] = [
      [raceRules({}, HIDDEN - 1), { code: "bad_request", reason: "dataset_split" }],
      [raceRules({ length: VISIBLE + 1 }), { code: "bad_request", reason: "dataset_split" }],
      [raceRules({ datasetId: foreign.id }), { code: "not_found", reason: "dataset" }],
      [raceRules({ datasetId: privateData.id }), { code: "not_found", reason: "dataset" }],
      [raceRules({ datasetId: "00000000-0000-0000-0000-000000000000" }), { code: "not_found", reason: "dataset" }],
      [{ ...raceRules({ datasetId: flat.id, length: 20, scaling: "min-max" }, 8), window: 4 }, { code: "invalid_dataset", reason: "constant_series" }],
    ];
    for (const [attempt, error] of attempts) {
      expect(await request(teacher.socket, "race:create", { classroomId: room.classroomId, name: "Bad", rules: attempt })).toMatchObject({ ok: false, error });
    }
    expect(await races()).toEqual(before);
  });

  it("a built-in example is in every classroom's library: a race holds back its last values", async () => {
    const created = await request(teacher.socket, "race:create", {
      classroomId: room.classroomId,
      name: "Sunspots",
      rules: { ...raceRules({ datasetId: "example:sunspots", length: 289 }, 20), window: 20 },
    });
    expect(created).toMatchObject({ ok: true, data: { race: { rules: { dataset: { datasetId: "example:sunspots", length: 289 }, hiddenLength: 20 } } } });
  });
});

describe("students on a race on uploaded data", () => {
  let student: Participant;
  let runId: string;

  beforeAll(async () => {
    const joined = await joinAsStudent(server.url, room.code, "Aiko");
    student = await participant(joined.client, joined.userId);
    await unwrap(request(student.socket, "race:state", { raceId: race.id }));
    await unwrap(request(teacher.socket, "race:start", { raceId: race.id, countdownSec: 0 }));
  });

  it("get the visible part and its times, never the held-back tail; outsiders get nothing", async () => {
    const response = await student.client.get<{ series: TVisibleSeries }>(`/api/races/${race.id}/data`);
    expect(response.status).toBe(200);
    const series = response.body.ok ? response.body.data.series : null;
    expect(series).toMatchObject({ datasetId, name: "School temperature log", scaling: "standardise", example: null });
    expect(series?.values).toEqual(STORED.slice(0, VISIBLE));
    expect(series?.times).toHaveLength(VISIBLE);
    const outsider = await teacherWithClassroom(server.url, "Strangers");
    const refused = await outsider.teacher.get(`/api/races/${race.id}/data`);
    expect(refused).toMatchObject({ status: 403, body: { ok: false, error: { code: "forbidden", reason: "not_member" } } });
    expect((await outsider.teacher.get("/api/races/00000000-0000-0000-0000-000000000000/data")).body).toEqual(refused.body);
    // The student cannot read the library entry itself.
    expect((await student.client.get(`/api/datasets/${datasetId}`)).status).toBe(404);
  });

  it("a run must train on the race's own data: another length or scaling is refused", async () => {
    const config = (dataset: UploadedDatasetConfig) => raceTrainingConfig({ ...rules, dataset }, { ...withOverrides({ model: { cell: "GRU", hidden: 6 }, optimizer: { kind: "adam", learningRate: 0.02 } }), epochs: 20 });
    for (const dataset of [onUpload({ length: VISIBLE + HIDDEN }), onUpload({ scaling: "none" })]) {
      const refused = await request(student.socket, "run:start", { raceId: race.id, config: config(dataset), backend: "cpu", device: "test" });
      expect(refused).toMatchObject({ ok: false, error: { code: "bad_request", reason: "entry_not_allowed" } });
    }
    const started = await unwrap(request(student.socket, "run:start", { raceId: race.id, config: config(onUpload()), backend: "cpu", device: "test" }));
    runId = started.run.runId;
  });

  it("a submission is scored on the uploaded split: public on the visible part, private on the held-back tail", async () => {
    const config = (await server.database.repositories.runs.findById(runId))!.config;
    const response = await student.client.get<{ series: TVisibleSeries }>(`/api/races/${race.id}/data`);
    const visible = response.body.ok ? response.body.data.series.values : [];
    // The student's browser trains on what the page fetched.
    const trained = await trainWeights(config, visible);
    const jobsBefore = recording.jobs.length;
    const uploadedWeights = await uploadWeights(student.client, race.id, runId, trained.weights);
    expect(uploadedWeights.status).toBe(201);
    const result = uploadedWeights.body.data as unknown as TSubmissionResult;

    // The same scoring, here, on the stored numbers split as the race says.
    const split = uploadedRaceSeries(onUpload(), STORED, HIDDEN);
    const local = verifySubmission({ weights: trained.weights, runConfig: config, rules, data: prepareScoringData(split, rules.window, rules.validationFraction), layer: OPS_IMPLEMENTATION.layer });
    if (!local.ok) throw new Error(local.message);
    expect(result.publicScore).toBeCloseTo(local.scores.publicScore!, 5);
    expect(result.privateScore).toBeNull();

    // The worker received the visible values and, for this final submission, exactly the held-back tail.
    const job = recording.jobs.slice(jobsBefore).find((j): j is SubmissionJob => j.kind === "submission")!;
    expect(Array.from(job.uploaded!.visible)).toEqual(STORED.slice(0, VISIBLE));
    expect(Array.from(job.uploaded!.hidden)).toEqual(STORED.slice(VISIBLE));

    await unwrap(request(teacher.socket, "race:end", { raceId: race.id }));
    const revealed = await room.teacher.post<TRaceBoard>(`/api/races/${race.id}/reveal`);
    expect(revealed.status).toBe(200);
    const row = revealed.body.ok ? revealed.body.data.board.rows.find((r) => r.userId === student.userId) : undefined;
    const metric = local.scores.privateScore!;
    expect(row?.score).toBeCloseTo(metric, 5);
    // A different tail would have scored differently: the private score is the held-back values'.
    const otherTail = uploadedRaceSeries(onUpload(), [...STORED.slice(0, VISIBLE), ...STORED.slice(VISIBLE).map((v) => v + 3)], HIDDEN);
    const shifted = verifySubmission({ weights: trained.weights, runConfig: config, rules, data: prepareScoringData(otherTail, rules.window, rules.validationFraction), layer: OPS_IMPLEMENTATION.layer });
    expect(shifted.ok && shifted.scores.privateScore).not.toBeCloseTo(metric, 3);
  });

  it("a checkpoint is scored on the visible part alone: its worker never receives the tail", async () => {
    const queue = server.handle.ctx.services.scoringQueue;
    const run = (await server.database.repositories.runs.findById(runId))!;
    const weights = (await server.database.repositories.submissions.listForRace(race.id))[0]!;
    const bytes = (await server.database.repositories.submissions.readWeights(weights.id))!;
    const jobsBefore = recording.jobs.length;
    const checkpoint = await queue.scoreCheckpoint({ raceId: race.id, runId, userId: student.userId, rules, runConfig: run.config, weights: bytes });
    expect(checkpoint).toMatchObject({ ok: true, publicScore: weights.publicScore });
    const [job] = recording.jobs.slice(jobsBefore);
    expect(job?.kind).toBe("checkpoint");
    expect(Object.keys(job!.uploaded!)).toEqual(["visible"]);
    expect(Array.from(job!.uploaded!.visible)).toEqual(STORED.slice(0, VISIBLE));
  });

  it("the run's page gets the values the run trained on: the visible part", async () => {
    const series = await student.client.get<{ series: TVisibleSeries }>(`/api/runs/${runId}/series`);
    expect(series.body.ok && series.body.data.series.values).toEqual(STORED.slice(0, VISIBLE));
    expect((await room.teacher.get<{ series: TVisibleSeries }>(`/api/runs/${runId}/series`)).status).toBe(200);
    const classmate = await joinAsStudent(server.url, room.code, "Ben");
    expect((await classmate.client.get(`/api/runs/${runId}/series`)).status).toBe(404);
  });
});

describe("the Playground on uploaded data", () => {
  it("trains on the user's own data; a library dataset a student may not read answers as missing and stores no run", async () => {
    const student = await joinAsStudent(server.url, room.code, "Chika");
    const own = await uploaded(student.client, null, uploadRequest(monthlyValues(30, 3), { scaling: "min-max" }));
    const config = (dataset: UploadedDatasetConfig) => withOverrides({ dataset, window: 6, epochs: 5 });
    const started = await student.client.post<{ runId: string }>("/api/runs", { config: config({ source: "upload", datasetId: own.id, length: 30, scaling: "min-max" }) });
    expect(started.status).toBe(201);
    const series = await student.client.get<{ series: TVisibleSeries }>(`/api/runs/${started.body.ok ? started.body.data.runId : ""}/series`);
    expect(series.body.ok && series.body.data.series.values).toEqual(monthlyValues(30, 3));

    const runsBefore = (await student.client.get<{ total: number }>("/api/history")).body;
    const refusals: [UploadedDatasetConfig, number, Record<string, unknown>][] = [
      [onUpload({ length: 20 }), 404, { code: "not_found", reason: "dataset" }],
      [{ source: "upload", datasetId: "example:sunspots", length: 100, scaling: "standardise" }, 404, { code: "not_found", reason: "dataset" }],
      [{ source: "upload", datasetId: own.id, length: 31, scaling: "min-max" }, 400, { code: "bad_request", reason: "dataset_too_short" }],
    ];
    for (const [dataset, status, error] of refusals) {
      const refused = await student.client.post("/api/runs", { config: config(dataset) });
      expect(refused.status).toBe(status);
      expect(refused.body).toMatchObject({ ok: false, error });
    }
    expect((await student.client.get("/api/history")).body).toEqual(runsBefore);
    // A teacher may train on the classroom's library and on the examples.
    for (const dataset of [onUpload({ length: STORED.length }), { source: "upload" as const, datasetId: "example:sunspots", length: 309, scaling: "standardise" as const }]) {
      expect((await room.teacher.post("/api/runs", { config: config(dataset) })).status).toBe(201);
    }
  });

  it("history finds runs by their dataset's name, by an example's name, and by \"upload\"; only the caller's own", async () => {
    const student = await joinAsStudent(server.url, room.code, "Dee");
    const own = await uploaded(student.client, null, uploadRequest(monthlyValues(30), { name: "Bakery queue lengths" }));
    const started = await student.client.post<{ runId: string }>("/api/runs", { config: withOverrides({ dataset: { source: "upload", datasetId: own.id, length: 30, scaling: "standardise" }, window: 6, epochs: 5 }) });
    const runId = started.body.ok ? started.body.data.runId : "";
    const found = async (client: ApiClient, q: string) => {
      const response = await client.get<{ runs: { id: string; datasetPreset: string }[] }>(`/api/history?q=${encodeURIComponent(q)}`);
      return response.body.ok ? response.body.data.runs : [];
    };
    expect((await found(student.client, "bakery")).map((r) => [r.id, r.datasetPreset])).toEqual([[runId, "upload"]]);
    expect((await found(student.client, "upload")).map((r) => r.id)).toEqual([runId]);
    expect(await found(student.client, "sunspots")).toEqual([]);
    // The teacher's Playground run on the sunspots example above.
    expect((await found(room.teacher, "sunspots")).length).toBe(1);
    // Another student's search never reaches this run.
    expect(await found((await joinAsStudent(server.url, room.code, "Eve")).client, "bakery")).toEqual([]);
  });
});

it("a race on a preset has no uploaded data to fetch; a signed-out caller gets nothing", async () => {
  const presetRace = (await unwrap(request(teacher.socket, "race:create", { classroomId: room.classroomId, name: "Cosine", rules: DEFAULT_RACE_RULES }))).race;
  const viewer = new ApiClient(server.url);
  expect((await viewer.get(`/api/races/${presetRace.id}/data`)).status).toBe(401);
  expect((await room.teacher.get(`/api/races/${presetRace.id}/data`)).body).toMatchObject({ ok: false, error: { code: "not_found", reason: "dataset" } });
});
