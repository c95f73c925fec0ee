/**
 * The Playground's outbox against the real server (HTTP, session, CSRF): epochs written by the recorder reach the
 * history through an outage (the sender waits 1 s, 2 s, 4 s… saying how many epochs wait), a run whose tab died is
 * finished as stopped with every epoch it reported, a batch re-sent after a lost answer changes nothing, and a run
 * the server refuses is reported and dropped.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemoryOutboxStore } from "@/app/_lib/outbox/memory-store";
import { OutboxSender, type OutboxApi, type OutboxRunStatus } from "@/app/_lib/outbox/outbox-sender";
import { OutboxRecorder } from "@/app/playground/outbox-recorder";
import type { Result } from "@/lib/errors";
import type { RunDetailView } from "@/lib/history/views";
import { withOverrides } from "@/lib/ml/config";
import { parameterSpecs } from "@/lib/ml/model";
import { encodeWeights } from "@/lib/ml/weights-format";
import { appendPoints, newEntry } from "@/lib/runs/outbox";
import { ManualTime } from "../../support/manual-time";
import { joinAsStudent, startTestServer, teacherWithClassroom, type ApiClient, type TestServer } from "../../support/server";

/** The page's ids for its runs (UUIDs, as the browser makes them). */
const ids = { a: randomUUID(), b: randomUUID(), c: randomUUID(), d: randomUUID(), e: randomUUID() };
const CONFIG = withOverrides({ model: { cell: "LSTM", hidden: 3 }, epochs: 120, rolloutEvery: 60 });
const snapshot = (epoch: number) => ({ epoch, trainLoss: 1 / epoch, valLoss: null, msPerEpoch: 5 });

/** The server over HTTP; while `offline`, every request fails as an unreachable server's does in the page. */
function outboxApi(client: ApiClient, network: { offline: boolean; calls: string[] }): OutboxApi {
  const call = async <T>(method: "POST" | "PUT", path: string, body: unknown): Promise<Result<T>> => {
    network.calls.push(`${method} ${path.replace(/[0-9a-f-]{36}/, ":id")}`);
    if (network.offline) return { ok: false, error: { code: "internal", reason: "offline", message: "offline" } };
    return (await client.send(method, path, body)).body as Result<T>;
  };
  return { post: (path, body) => call("POST", path, body), put: (path, body) => call("PUT", path, body) };
}

describe("The Playground outbox against the server", () => {
  let server: TestServer;
  let client: ApiClient;
  let userId: string;

  beforeAll(async () => {
    server = await startTestServer();
    const { code } = await teacherWithClassroom(server.url);
    ({ client, userId } = await joinAsStudent(server.url, code, "Rui"));
  });
  afterAll(async () => {
    await server?.close();
  });

  function setUp(training: Set<string>) {
    const store = new MemoryOutboxStore();
    const time = new ManualTime();
    const network = { offline: false, calls: [] as string[] };
    const statuses: OutboxRunStatus[] = [];
    const sender = new OutboxSender({
      store,
      api: outboxApi(client, network),
      time,
      userId,
      isTraining: async (localId) => training.has(localId),
      onStatus: (_, status) => statuses.push(status),
    });
    return { store, time, network, statuses, sender };
  }

  it("keeps every epoch through an outage and sends them once the server answers again", async () => {
    const training = new Set([ids.a]);
    const { store, time, network, statuses, sender } = setUp(training);
    let now = 0;
    const writer = { write: async (...args: Parameters<typeof store.update>) => void (await store.update(...args)) };
    const recorder = new OutboxRecorder(writer, ids.a, { userId, config: CONFIG, classroomId: null }, () => now);
    network.offline = true;
    for (let epoch = 1; epoch <= 30; epoch++) {
      now += 5;
      recorder.addSnapshots([snapshot(epoch)]);
    }
    await recorder.flush();
    const running = sender.run();
    const t0 = time.now();
    // Waits 1 s, then 2 s, then 4 s between tries, saying how many epochs wait.
    await expect.poll(() => statuses.at(-1)).toEqual({ phase: "offline", runId: null, waiting: 30, retryAt: t0 + 1000 });
    await time.advance(1000);
    await expect.poll(() => statuses.at(-1)).toEqual({ phase: "offline", runId: null, waiting: 30, retryAt: t0 + 3000 });
    await time.advance(2000);
    await expect.poll(() => statuses.at(-1)).toEqual({ phase: "offline", runId: null, waiting: 30, retryAt: t0 + 7000 });
    expect(network.calls).toEqual(["POST /api/runs", "POST /api/runs", "POST /api/runs"]);

    // Training went on meanwhile; the server comes back.
    for (let epoch = 31; epoch <= 120; epoch++) {
      now += 5;
      recorder.addSnapshots([snapshot(epoch)]);
    }
    recorder.addRollouts([{ epoch: 60, mse: 0.5, predicted: Array.from({ length: CONFIG.dataset.length - CONFIG.window }, () => 0.1) }]);
    const params = Object.fromEntries(parameterSpecs(CONFIG.model).map((s) => [s.name, new Float32Array(s.shape.reduce((a, b) => a * b, 1))]));
    await recorder.finish({ status: "finished", finalTrainLoss: 1 / 120, finalValLoss: null, msPerEpoch: 5, backend: "wasm/fused-wasm" }, encodeWeights(CONFIG, params).slice().buffer);
    training.delete(ids.a);
    network.offline = false;
    await time.advance(4000);
    await expect.poll(() => statuses.at(-1)?.phase).toBe("saved");
    sender.stop();
    await running;

    expect(await store.list()).toEqual([]);
    const runId = (statuses.at(-1) as { runId: string }).runId;
    const detail = await client.get<RunDetailView>(`/api/runs/${runId}`);
    if (!detail.body.ok) throw new Error(JSON.stringify(detail.body));
    const { run, curve, rollouts, hasWeights } = detail.body.data;
    expect(curve.map((p) => p.epoch)).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    expect(curve[0]!.tMs).toBe(5);
    expect(curve.at(-1)!.tMs).toBe(600);
    expect(rollouts.map((r) => r.epoch)).toEqual([60]);
    expect(run).toMatchObject({ status: "finished", lastEpoch: 120, msPerEpoch: 5, backend: "wasm/fused-wasm", cell: "LSTM" });
    expect(hasWeights).toBe(true);
    // One batch for the 120 epochs once back: batches, not a request per epoch.
    expect(network.calls.filter((c) => c.endsWith("/snapshots"))).toHaveLength(1);
  });

  it("finishes a run whose tab died as stopped, with every epoch it had reported", async () => {
    const { store, statuses, sender } = setUp(new Set());
    // What a crashed tab left in IndexedDB: 40 epochs, no finish, nobody training it.
    const points = Array.from({ length: 40 }, (_, i) => ({ ...snapshot(i + 1), tMs: (i + 1) * 5 }));
    await store.update(ids.b, () => appendPoints(newEntry(ids.b, userId, CONFIG, null), points));
    await sender.round();
    expect(statuses.at(-1)?.phase).toBe("saved");
    const runId = (statuses.at(-1) as { runId: string }).runId;
    const detail = await client.get<RunDetailView>(`/api/runs/${runId}`);
    if (!detail.body.ok) throw new Error(JSON.stringify(detail.body));
    expect(detail.body.data.curve).toHaveLength(40);
    expect(detail.body.data.run).toMatchObject({ status: "stopped", lastEpoch: 40, finalTrainLoss: 1 / 40 });
  });

  it("leaves a run that is still training waiting, and other people's entries alone", async () => {
    const { store, statuses, sender, network } = setUp(new Set([ids.c]));
    await store.update(ids.c, () => newEntry(ids.c, userId, CONFIG, null));
    await store.update(ids.d, () => appendPoints(newEntry(ids.d, "someone-else", CONFIG, null), [{ ...snapshot(1), tMs: 5 }]));
    await sender.round();
    expect(statuses).toEqual([{ phase: "saving", runId: null, waiting: 0 }, { phase: "saving", runId: expect.any(String), waiting: 0 }]);
    expect(network.calls).toEqual(["POST /api/runs"]);
    expect((await store.list()).map((e) => e.localId).sort()).toEqual([ids.c, ids.d].sort());
  });

  it("stores a batch re-sent after a lost answer once", async () => {
    const created = await client.post<{ runId: string }>("/api/runs", { config: CONFIG });
    if (!created.body.ok) throw new Error(JSON.stringify(created.body));
    const path = `/api/runs/${created.body.data.runId}/snapshots`;
    const batch = { points: [1, 2, 3].map((epoch) => ({ ...snapshot(epoch), tMs: epoch * 5 })) };
    expect((await client.post(path, batch)).body).toEqual({ ok: true, data: { lastEpoch: 3, missingFrom: null } });
    expect((await client.post(path, batch)).body).toEqual({ ok: true, data: { lastEpoch: 3, missingFrom: null } });
    const detail = await client.get<RunDetailView>(`/api/runs/${created.body.data.runId}`);
    if (!detail.body.ok) throw new Error(JSON.stringify(detail.body));
    expect(detail.body.data.curve.map((p) => p.epoch)).toEqual([1, 2, 3]);
  });

  it("creates a run once however often the create is re-sent, and only under its owner's id", async () => {
    const id = randomUUID();
    const first = await client.post<{ runId: string }>("/api/runs", { id, config: CONFIG });
    const again = await client.post<{ runId: string }>("/api/runs", { id, config: CONFIG });
    expect(first.body).toEqual({ ok: true, data: { runId: id } });
    expect(again.body).toEqual({ ok: true, data: { runId: id } });

    // Someone else cannot take (or learn about) the run by its id; a malformed id is refused before anything is made.
    const stranger = await joinAsStudent(server.url, (await teacherWithClassroom(server.url, "Elsewhere")).code, "Kai");
    expect((await stranger.client.post("/api/runs", { id, config: CONFIG })).body).toMatchObject({ ok: false, error: { code: "bad_request", field: "id", reason: "id_taken" } });
    const malformed = await client.post("/api/runs", { id: "run-1", config: CONFIG });
    expect(malformed.body).toMatchObject({ ok: false, error: { code: "bad_request", field: "id" } });
  });

  it("reports a run the server refuses to create, and drops it", async () => {
    const { store, statuses, sender } = setUp(new Set());
    await store.update(ids.e, () => ({ ...newEntry(ids.e, userId, { ...CONFIG, epochs: 0 }, null) }));
    await sender.round();
    expect(statuses.at(-1)).toMatchObject({ phase: "failed", runId: null, error: { code: "bad_request", field: "config" } });
    expect(await store.list()).toEqual([]);
  });
});
