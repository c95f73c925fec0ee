/**
 * Importing a model trained in PyTorch, over the real HTTP API: the browser's steps (read the .npz, infer the
 * model, evaluate it on the Playground's data, build the request) and the server's (check, store at once). The
 * import lands in History as a finished run of kind "imported" with its losses, picture and weights, private to
 * its owner (and the classroom's teacher when saved in a classroom); every bad request is refused, storing nothing.
 */
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateSeries } from "@/lib/data/series";
import type { TImportRunRequest } from "@/lib/api/runs";
import { fromBase64 } from "@/lib/base64";
import type { HistoryPageView, RunDetailView } from "@/lib/history/views";
import { withOverrides } from "@/lib/ml/config";
import { OPS_IMPLEMENTATION } from "@/lib/ml/implementations";
import { initialParamValues } from "@/lib/ml/model";
import { encodeNpz } from "@/lib/ml/pytorch/npz";
import { evaluateImport, importedModel, importRunRequest, readStateDictUpload } from "@/lib/ml/pytorch/import";
import { stateDictArrays } from "@/lib/ml/pytorch/state-dict";
import { decodeWeights } from "@/lib/ml/weights-format";
import { aRace } from "../../support/records";
import { uploadWeights } from "../../support/scoring";
import { joinAsStudent, startTestServer, teacherWithClassroom, type ApiClient, type TestServer } from "../../support/server";

/** The Playground's settings when the student uploads: its data, window and validation split. */
const SETTINGS = withOverrides({ dataset: { preset: "sine-trend", length: 80 }, window: 20, validationFraction: 0.25 });
const ARCHITECTURE = { cell: "GRU", layers: 2, hidden: 5, nonlinearity: "tanh" } as const;

/** What the Playground does with an uploaded .npz, up to the request it sends. */
function browserImport(classroomId: string | null): TImportRunRequest {
  const npz = encodeNpz(stateDictArrays(ARCHITECTURE, initialParamValues(ARCHITECTURE, 9)));
  const imported = importedModel(readStateDictUpload(npz), "tanh");
  const config = { ...SETTINGS, model: imported.model };
  const evaluation = evaluateImport(imported.params, config, generateSeries(config.dataset), OPS_IMPLEMENTATION.layer);
  return importRunRequest(imported, SETTINGS, evaluation, classroomId);
}

describe("importing a PyTorch model into the Playground", () => {
  let server: TestServer;
  let room: Awaited<ReturnType<typeof teacherWithClassroom>>;
  let student: ApiClient;
  let classmate: ApiClient;

  beforeAll(async () => {
    await tf.setBackend("cpu");
    server = await startTestServer();
    room = await teacherWithClassroom(server.url);
    student = (await joinAsStudent(server.url, room.code, "Mio")).client;
    classmate = (await joinAsStudent(server.url, room.code, "Ren")).client;
  });
  afterAll(async () => {
    await server?.close();
  });

  const historyTotal = async (client: ApiClient) => ((await client.get("/api/history")).body as { data: HistoryPageView }).data.total;

  it("stores a finished run of kind imported with its losses, picture and weights", async () => {
    const request = browserImport(room.classroomId);
    const created = await student.post("/api/runs/imports", request);
    expect(created.status).toBe(201);
    const { runId } = (created.body as { data: { runId: string } }).data;

    const detail = ((await student.get(`/api/runs/${runId}`)).body as { data: RunDetailView }).data;
    expect(detail.run).toMatchObject({ kind: "imported", status: "finished", cell: "GRU", layers: 2, hidden: 5, lastEpoch: 0, classroomId: room.classroomId });
    expect(detail.run.finalTrainLoss).toBeCloseTo(request.trainLoss, 10);
    expect(detail.run.finalValLoss).toBeCloseTo(request.valLoss!, 10);
    expect(detail.config).toEqual({ ...SETTINGS, model: ARCHITECTURE });
    expect(detail.curve).toEqual([]);
    expect(detail.rollouts).toHaveLength(1);
    expect(detail.rollouts[0]!.mse).toBeCloseTo(request.rollout.mse, 6);
    expect(detail.rollouts[0]!.predicted).toEqual(request.rollout.predicted.map(Math.fround));
    expect(detail.hasWeights).toBe(true);
    const weights = ((await student.get(`/api/runs/${runId}/weights`)).body as { data: { data: string } }).data.data;
    expect(decodeWeights(fromBase64(weights)).config.model).toEqual(ARCHITECTURE);

    const imported = ((await student.get("/api/history?kind=imported")).body as { data: HistoryPageView }).data;
    expect(imported.runs.map((r) => r.id)).toEqual([runId]);
    // The classroom's teacher sees it; a classmate does not, and cannot tell it exists.
    expect((await room.teacher.get(`/api/runs/${runId}`)).status).toBe(200);
    const hidden = await classmate.get(`/api/runs/${runId}`);
    expect(hidden.status).toBe(404);
    expect(await historyTotal(classmate)).toBe(0);

    // Races are trained in the browser: an imported run cannot be submitted to one, even a running race of its classroom.
    const race = aRace(room.classroomId, room.userId, { status: "running" });
    await server.database.repositories.races.create(race);
    const submitted = await uploadWeights(student, race.id, runId, fromBase64(weights));
    expect(submitted.status).toBe(403);
    expect(await server.database.repositories.submissions.listForRace(race.id)).toEqual([]);
  });

  it.each<[string, (r: TImportRunRequest) => TImportRunRequest, RegExp]>([
    ["an invalid config", (r) => ({ ...r, config: { ...(r.config as object), window: 0 } }), /config: window: window must be between 1 and 512/],
    ["weights for another model than the config's", (r) => ({ ...r, config: { ...(r.config as typeof SETTINGS), model: { ...ARCHITECTURE, hidden: 6 } } }), /weights: these weights are for another model/],
    ["a damaged weight file", (r) => ({ ...r, weights: "TFJXVAEAAAA=" }), /weights: .*weight file/],
    ["a rollout of the wrong length", (r) => ({ ...r, rollout: { ...r.rollout, predicted: r.rollout.predicted.slice(1) } }), /rollout: this config's rollout has 60 values, got 59/],
    ["no validation loss although the settings hold windows out", (r) => ({ ...r, valLoss: null }), /valLoss: a validation loss is given exactly when/],
    ["a negative loss", (r) => ({ ...r, trainLoss: -1 }), /trainLoss/],
  ])("refuses %s with a clear message, storing nothing", async (_, spoil, message) => {
    const before = await historyTotal(student);
    const response = await student.post("/api/runs/imports", spoil(browserImport(null)));
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ ok: false, error: { code: "bad_request" } });
    expect((response.body as { error: { message: string } }).error.message).toMatch(message);
    expect(await historyTotal(student)).toBe(before);
  });
});
