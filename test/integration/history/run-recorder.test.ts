/**
 * The Playground's RunRecorder against the real server (HTTP, session, CSRF): epochs go in batches, a batch lost
 * on the network is re-sent by the next flush without duplicates, rollouts, final numbers and weights follow,
 * and the stored run reads back exactly.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RunRecorder, type RecorderApi, type RecorderState } from "@/app/playground/run-recorder";
import type { Result } from "@/lib/errors";
import { urlFor, type Endpoint } from "@/lib/api/contract";
import { API } from "@/lib/api/endpoints";
import type { RunDetailView } from "@/lib/history/views";
import { withOverrides } from "@/lib/ml/config";
import { parameterSpecs } from "@/lib/ml/model";
import { encodeWeights } from "@/lib/ml/weights-format";
import { joinAsStudent, startTestServer, teacherWithClassroom, type ApiClient, type TestServer } from "../../support/server";

const CONFIG = withOverrides({ model: { cell: "LSTM", hidden: 3 }, epochs: 120, rolloutEvery: 60 });

/**
 * The recorder's endpoints over the test client (the page's client needs a browser's fetch and cookies): each call
 * goes to the path and method the contract declares; `failures.snapshots` batches are lost on the way.
 */
function recorderApi(client: ApiClient, failures: { snapshots: number }): RecorderApi & { calls: string[] } {
  const calls: string[] = [];
  const send = async (endpoint: Endpoint, params: Record<string, string>, body: unknown): Promise<Result<never>> => {
    calls.push(endpoint.path);
    if (endpoint === API.runs.snapshots && failures.snapshots > 0) {
      failures.snapshots--;
      return { ok: false, error: { code: "internal", reason: "offline" } };
    }
    return (await client.send(endpoint.method as "POST" | "PUT", urlFor(endpoint.path, params), body)).body as Result<never>;
  };
  return {
    calls,
    start: ({ body }) => send(API.runs.start, {}, body),
    snapshots: ({ id, body }) => send(API.runs.snapshots, { id }, body),
    rollout: ({ id, body }) => send(API.runs.rollout, { id }, body),
    finish: ({ id, body }) => send(API.runs.finish, { id }, body),
    saveWeights: ({ id, body }) => send(API.runs.saveWeights, { id }, body),
  };
}

describe("RunRecorder against the server", () => {
  let server: TestServer;
  let client: ApiClient;

  beforeAll(async () => {
    server = await startTestServer();
    const { code } = await teacherWithClassroom(server.url);
    client = (await joinAsStudent(server.url, code, "Rui")).client;
  });
  afterAll(async () => {
    await server?.close();
  });

  it("records a whole run in batches, surviving a lost batch", async () => {
    const failures = { snapshots: 1 };
    const api = recorderApi(client, failures);
    let now = 0;
    const states: RecorderState[] = [];
    const recorder = new RunRecorder(api, CONFIG, () => now, (s) => states.push(s));
    try {
      const snapshot = (epoch: number) => ({ epoch, trainLoss: 1 / epoch, valLoss: null, msPerEpoch: 5 });
      for (let epoch = 1; epoch <= 30; epoch++) {
        now += 5;
        recorder.addSnapshots([snapshot(epoch)]);
      }
      await recorder.flush(); // lost on the network: the 30 epochs stay buffered
      for (let epoch = 31; epoch <= 120; epoch++) {
        now += 5;
        recorder.addSnapshots([snapshot(epoch)]);
      }
      recorder.addRollouts([{ epoch: 60, mse: 0.5, predicted: Array.from({ length: CONFIG.dataset.length - CONFIG.window }, () => 0.1) }]);
      const params = Object.fromEntries(parameterSpecs(CONFIG.model).map((s) => [s.name, new Float32Array(s.shape.reduce((a, b) => a * b, 1))]));
      const weights = encodeWeights(CONFIG, params);
      await recorder.finish(
        { status: "finished", epochsCompleted: 120, finalTrainLoss: 1 / 120, finalValLoss: null, meanMsPerEpoch: 5, message: null },
        weights.slice().buffer,
        "wasm/fused-wasm",
      );
    } finally {
      recorder.dispose();
    }
    expect(states.at(-1)).toMatchObject({ phase: "saved", error: null });
    const runId = states.at(-1)!.runId!;
    // Batches, not one request per epoch: create, the lost batch, a few batches, rollout, finish, weights.
    expect(api.calls.filter((c) => c.endsWith("/snapshots")).length).toBeLessThanOrEqual(6);
    const detail = await client.get<RunDetailView>(`/api/runs/${runId}`);
    if (!detail.body.ok) throw new Error(JSON.stringify(detail.body));
    const { run, curve, rollouts, hasWeights } = detail.body.data;
    expect(curve.map((p) => p.epoch)).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    expect(curve[0]!.tMs).toBe(5);
    expect(curve.at(-1)!.tMs).toBe(600);
    expect(rollouts.map((r) => r.epoch)).toEqual([60]);
    expect(run).toMatchObject({ status: "finished", lastEpoch: 120, msPerEpoch: 5, backend: "wasm/fused-wasm", cell: "LSTM" });
    expect(hasWeights).toBe(true);
  });

  it("reports a run it could not create", async () => {
    const states: RecorderState[] = [];
    const recorder = new RunRecorder(recorderApi(client, { snapshots: 0 }), { ...CONFIG, epochs: 0 }, () => 0, (s) => states.push(s));
    recorder.dispose();
    await expect.poll(() => states.at(-1)?.phase).toBe("failed");
    expect(states.at(-1)!.error).toMatchObject({ code: "bad_request", field: "config", message: expect.stringMatching(/epochs/) });
  });
});
