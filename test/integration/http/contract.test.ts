/**
 * The HTTP contract against the real server: a classroom's whole life walks every endpoint of lib/api/endpoints
 * once with a request that succeeds, and each answer must be exactly what the endpoint's response schema
 * describes (no field missing, none it does not name). The server checks its answers too (outside production,
 * an undescribed answer is a 500); this test also fails when an endpoint is added and never walked.
 */
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { request } from "@/app/_lib/realtime";
import { describedBy, urlFor, type Endpoint } from "@/lib/api/contract";
import { API } from "@/lib/api/endpoints";
import { datasetSeries } from "@/lib/data/source";
import { withOverrides, type TrainingConfig, type UploadedDatasetConfig } from "@/lib/ml/config";
import { OPS_IMPLEMENTATION } from "@/lib/ml/implementations";
import { initialParamValues } from "@/lib/ml/model";
import { encodeNpz } from "@/lib/ml/pytorch/npz";
import { evaluateImport, importedModel, importRunRequest, readStateDictUpload } from "@/lib/ml/pytorch/import";
import { stateDictArrays } from "@/lib/ml/pytorch/state-dict";
import { DEFAULT_RACE_RULES, raceTrainingConfig, RaceRulesSchema } from "@/lib/race/rules";
import { tokenFromFragment } from "@/lib/auth/recovery";
import { systemClock } from "@/server/clock";
import { createScoringPool, type ScoringPool } from "@/server/scoring/pool";
import { issueResetLink } from "@/server/services/recovery";
import { monthlyValues, uploadRequest } from "../../support/datasets";
import { closeAllSockets } from "../../support/realtime";
import { participant, unwrap } from "../../support/race";
import { untrainedWeights, uploadCheckpoint, uploadWeights } from "../../support/scoring";
import { ApiClient, startTestServer, STUDENT_PASSWORD, TEACHER_PASSWORD, uniqueEmail, type ApiResponse, type TestServer } from "../../support/server";

const NAMES = new Map<Endpoint, string>(Object.entries(API).flatMap(([area, endpoints]) => Object.entries(endpoints).map(([name, e]) => [e as Endpoint, `${area}.${name}`])));
const walked = new Set<string>();
let server: TestServer;
let pool: ScoringPool;

/** Checks one answer: a success, exactly as the endpoint's schema describes it; returns its data. */
function check<T = never>(endpoint: Endpoint, answer: { status: number; body: unknown }): T {
  const name = NAMES.get(endpoint)!;
  expect(answer.status, `${name}: ${JSON.stringify(answer.body).slice(0, 300)}`).toBeLessThan(300);
  const data = endpoint.bare ? answer.body : (answer.body as { data: unknown }).data;
  expect(describedBy(endpoint.response, data), name).toEqual({ ok: true });
  walked.add(name);
  return data as T;
}

/** Calls a JSON endpoint as the contract declares it (method, filled path, query, body). */
async function call<T = never>(client: ApiClient, endpoint: Endpoint, params: Record<string, string> = {}, options: { body?: unknown; query?: Record<string, unknown> } = {}): Promise<T> {
  const url = urlFor(endpoint.path, params, options.query);
  const answer: ApiResponse = endpoint.method === "GET" ? await client.get(url) : await client.send(endpoint.method, url, options.body ?? {});
  return check<T>(endpoint, answer);
}

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

describe("every endpoint of the contract", () => {
  it("answers what its response schema describes", { timeout: 120_000 }, async () => {
    await call(new ApiClient(server.url), API.health.get);

    // Accounts: a teacher signs up, forgets the password, chooses a new one by the reset link, signs in, picks a language.
    const email = uniqueEmail();
    await call(new ApiClient(server.url), API.session.signUpTeacher, {}, { body: { email, password: TEACHER_PASSWORD, displayName: "Ms Rivera" } });
    await call(new ApiClient(server.url), API.recovery.forgotPassword, {}, { body: { email } });
    // The link the admin command would print (no SMTP here), used to choose a new password.
    const issued = await issueResetLink({ repos: server.database.repositories, clock: systemClock }, email, server.url);
    const newPassword = "blue heron at dawn";
    await call(new ApiClient(server.url), API.recovery.redeem, {}, { body: { token: tokenFromFragment(new URL(issued!.link).hash), password: newPassword } });
    // The reset ended every session: the teacher signs in with the new password.
    const teacher = new ApiClient(server.url);
    await call(teacher, API.session.signIn, {}, { body: { email, password: newPassword } });
    await call(teacher, API.session.get);
    await call(teacher, API.session.setLocale, {}, { body: { locale: "ja" } });

    // A classroom and its controls.
    const { classroom } = await call<{ classroom: { id: string } }>(teacher, API.classrooms.create, {}, { body: { name: "Period 3" } });
    const id = classroom.id;
    await call(teacher, API.classrooms.list);
    await call(teacher, API.classrooms.update, { id }, { body: { locked: false } });
    const code = (await call<{ classroom: { joinCode: string } }>(teacher, API.classrooms.rotateCode, { id })).classroom.joinCode;

    // Students join; one signs in again, one is reset to a one-time PIN and chooses their own, one leaves, one is removed.
    await call(teacher, API.join.address);
    await call(new ApiClient(server.url), API.join.preview, { code });
    const student = new ApiClient(server.url);
    const anna = await call<{ user: { id: string } }>(student, API.join.join, {}, { body: { code, displayName: "Anna", password: STUDENT_PASSWORD } });
    await call(new ApiClient(server.url), API.session.signInStudent, {}, { body: { code, displayName: "Anna", password: STUDENT_PASSWORD } });
    const ben = new ApiClient(server.url);
    const benUser = await call<{ user: { id: string } }>(ben, API.join.join, {}, { body: { code, displayName: "Ben", password: STUDENT_PASSWORD } });
    const { pin } = await call<{ pin: string }>(teacher, API.recovery.resetPin, { id, userId: benUser.user.id });
    const benAgain = new ApiClient(server.url);
    await call(benAgain, API.session.signInStudent, {}, { body: { code, displayName: "Ben", password: pin } });
    await call(benAgain, API.recovery.choosePassword, {}, { body: { password: "heron-at-dawn-7" } });
    await call(benAgain, API.classrooms.leave, { id });
    const cleo = new ApiClient(server.url);
    const cleoUser = await call<{ user: { id: string } }>(cleo, API.join.join, {}, { body: { code, displayName: "Cleo", password: STUDENT_PASSWORD } });
    await call(teacher, API.classrooms.removeMember, { id, userId: cleoUser.user.id });
    await call(teacher, API.classrooms.get, { id });

    // Data: the classroom's library and a student's own.
    const stored = monthlyValues(72);
    const { dataset } = await call<{ dataset: { id: string } }>(teacher, API.datasets.uploadToClassroom, { id }, { body: uploadRequest(stored) });
    await call(teacher, API.datasets.classroomLibrary, { id });
    const own = await call<{ dataset: { id: string } }>(student, API.datasets.upload, {}, { body: uploadRequest(monthlyValues(40)) });
    await call(student, API.datasets.mine);
    await call(student, API.datasets.get, { id: own.dataset.id });
    await call(student, API.datasets.delete, { id: own.dataset.id });

    // A Playground run, recorded as the page records it, and a PyTorch import.
    const config: TrainingConfig = withOverrides({ model: { cell: "GRU", hidden: 3 }, epochs: 4 });
    const { runId } = await call<{ runId: string }>(student, API.runs.start, {}, { body: { config, classroomId: id } });
    await call(student, API.runs.snapshots, { id: runId }, { body: { points: [1, 2, 3, 4].map((epoch) => ({ epoch, trainLoss: 1 / epoch, valLoss: null, msPerEpoch: 3, tMs: epoch * 3 })) } });
    await call(student, API.runs.rollout, { id: runId }, { body: { epoch: 4, mse: 0.2, predicted: Array(config.dataset.length - config.window).fill(0.5) } });
    await call(student, API.runs.finish, { id: runId }, { body: { status: "finished", finalTrainLoss: 0.25, finalValLoss: null, msPerEpoch: 3 } });
    await call(student, API.runs.saveWeights, { id: runId }, { body: { data: Buffer.from(untrainedWeights(config)).toString("base64") } });
    await call(student, API.runs.get, { id: runId });
    await call(student, API.runs.weights, { id: runId });
    await call(student, API.runs.annotate, { id: runId }, { body: { tags: ["baseline"], note: "first try" } });
    const architecture = { cell: "GRU", layers: 1, hidden: 4, nonlinearity: "tanh" } as const;
    const imported = importedModel(readStateDictUpload(encodeNpz(stateDictArrays(architecture, initialParamValues(architecture, 9)))), "tanh");
    const settings = withOverrides({ epochs: 4 });
    const evaluation = evaluateImport(imported.params, { ...settings, model: imported.model }, datasetSeries(settings.dataset), OPS_IMPLEMENTATION.layer);
    const importedRun = await call<{ runId: string }>(student, API.runs.import, {}, { body: importRunRequest(imported, settings, evaluation, id) });

    // A race on the library's data: a run, a checkpoint, a submission, the boards, the reveal.
    const onUpload: UploadedDatasetConfig = { source: "upload", datasetId: dataset.id, length: 60, scaling: "standardise" };
    const rules = RaceRulesSchema.parse({ ...DEFAULT_RACE_RULES, dataset: onUpload, window: 12, budget: { maxEpochs: 40, timeLimitSec: null }, allowedCells: ["GRU"], maxLayers: 1, maxHidden: 8, hiddenLength: 12 });
    const host = await participant(teacher, (await call<{ user: { id: string } }>(teacher, API.session.get)).user.id);
    await unwrap(request(host.socket, "room:enter", { classroomId: id }));
    const { race } = await unwrap(request(host.socket, "race:create", { classroomId: id, name: "River level", rules }));
    const racer = await participant(student, anna.user.id);
    await unwrap(request(racer.socket, "race:state", { raceId: race.id }));
    await unwrap(request(host.socket, "race:start", { raceId: race.id, countdownSec: 0 }));
    await call(student, API.datasets.raceData, { raceId: race.id });
    const raceConfig = raceTrainingConfig(rules, { ...withOverrides({ model: { cell: "GRU", hidden: 6 } }), epochs: 20 });
    const raceRun = (await unwrap(request(racer.socket, "run:start", { raceId: race.id, config: raceConfig, backend: "cpu", device: "test" }))).run.runId;
    await call(student, API.datasets.runSeries, { id: raceRun });
    await unwrap(request(racer.socket, "run:snapshot", { runId: raceRun, snapshots: [{ epoch: 1, trainLoss: 0.5, valLoss: 0.6, msPerEpoch: 4 }] }));
    check(API.races.checkpoint, await uploadCheckpoint(student, race.id, raceRun, 1, untrainedWeights(raceConfig)));
    check(API.races.submit, await uploadWeights(student, race.id, raceRun, untrainedWeights(raceConfig), { claimedMse: 0.5 }));
    await call(student, API.races.board, { raceId: race.id }, { query: { kind: "public" } });
    await unwrap(request(host.socket, "race:end", { raceId: race.id }));
    await call(teacher, API.races.reveal, { raceId: race.id });
    await call(teacher, API.races.progress, { raceId: race.id });

    // History: the list, a comparison, the class's sweep and races, the teacher's report, the race's replay.
    await call(student, API.history.list, {}, { query: { sort: "startedAt", pageSize: 10 } });
    await call(student, API.history.compare, {}, { query: { ids: `${runId},${importedRun.runId}` } });
    await call(teacher, API.history.sweep, {}, { query: { classroomId: id } });
    await call(teacher, API.history.races, {}, { query: { classroomId: id } });
    await call(teacher, API.history.report, {}, { query: { classroomId: id } });
    await call(student, API.history.replay, {}, { query: { raceId: race.id } });

    // Signing out last: every endpoint has been walked.
    await call(student, API.session.signOut);
    expect([...NAMES.values()].filter((name) => !walked.has(name))).toEqual([]);
  });

  it("refuses an answer its schema does not describe (an extra field, a wrong type)", () => {
    const schema = API.runs.snapshots.response;
    expect(describedBy(schema, { lastEpoch: 4, missingFrom: null })).toEqual({ ok: true });
    expect(describedBy(schema, { lastEpoch: 4, missingFrom: null, secret: "x" })).toEqual({ ok: false, problem: "secret: not described by the schema" });
    expect(describedBy(API.history.list.response, { runs: [], total: 0, page: 1, pageSize: 25, pageCount: "1" })).toMatchObject({ ok: false });
  });
});
