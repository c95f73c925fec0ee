/**
 * The worker's message handling, driven through its real entry point (`handle`) with real backends: what the
 * page sends, what it gets back, in which order, and that every reply passes the page's own validation.
 */
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { beforeAll, describe, expect, it } from "vitest";
import { datasetSeries } from "@/lib/data/source";
import { withOverrides } from "@/lib/ml/config";
import { decodeWeights } from "@/lib/ml/weights-format";
import { createTrainingHost } from "@/lib/ml/worker-host";
import { TRAINING_PROTOCOL_VERSION, WorkerToPageSchema, type WorkerToPage } from "@/lib/ml/worker-protocol";
import { LAYER_IMPLEMENTATIONS } from "@/lib/ml/implementations";

const config = withOverrides({ model: { hidden: 4 }, epochs: 4, window: 8, dataset: { length: 30 }, rolloutEvery: 2, validationFraction: 0.2 });

function host() {
  const received: WorkerToPage[] = [];
  const transfers: ArrayBuffer[][] = [];
  let notify = () => {};
  const h = createTrainingHost({
    post: (message, transfer) => {
      // The page validates every message it receives; so do we, with the same schema.
      received.push(WorkerToPageSchema.parse(message));
      transfers.push(transfer ?? []);
      notify();
    },
    now: () => performance.now(),
    availableBackends: ["cpu", "wasm"],
    calibration: { minMs: 5, minSteps: 1 },
  });
  const waitFor = async (predicate: (m: WorkerToPage) => boolean) => {
    while (!received.some(predicate)) await new Promise<void>((resolve) => (notify = resolve));
  };
  return { handle: h.handle, idle: h.idle, received, transfers, waitFor, types: () => received.map((m) => m.type) };
}

const start = (runId: string, extra: object = {}) => ({ type: "start", protocol: TRAINING_PROTOCOL_VERSION, runId, config, backend: "auto", ...extra });

beforeAll(() => tf.setBackend("cpu"));

describe("training worker host", () => {
  it("calibrates, trains and reports snapshots, rollouts and the trained weights", async () => {
    const h = host();
    h.handle(start("run-1"));
    await h.idle();
    expect(h.types()).toEqual(["calibrating", "started", "status", "snapshot", "rollout", "snapshot", "snapshot", "rollout", "snapshot", "rollout", "status", "done"]);
    const started = h.received[1] as Extract<WorkerToPage, { type: "started" }>;
    const names = LAYER_IMPLEMENTATIONS.map((i) => i.name);
    expect(started.calibration.map((c) => `${c.backend}/${c.implementation}`)).toEqual(["cpu", "wasm"].flatMap((b) => names.map((n) => `${b}/${n}`)));
    expect(["cpu", "wasm"]).toContain(started.backend);
    expect(names).toContain(started.implementation);
    expect(started).toMatchObject({ window: 8, epochs: 4, trainWindows: 18, validationWindows: 4 });
    expect(started.series).toHaveLength(30);
    const snapshots = h.received.filter((m) => m.type === "snapshot");
    expect(snapshots.map((m) => m.snapshot.epoch)).toEqual([1, 2, 3, 4]);
    expect(snapshots.every((m) => m.snapshot.valLoss !== null)).toBe(true);
    const done = h.received.at(-1) as Extract<WorkerToPage, { type: "done" }>;
    expect(done.outcome).toMatchObject({ status: "finished", epochsCompleted: 4 });
    expect(done.weights).toBeInstanceOf(ArrayBuffer);
    // The weights travel as a transferable buffer, not a copy.
    expect(h.transfers.at(-1)).toEqual([done.weights]);
    expect(decodeWeights(done.weights as ArrayBuffer).config).toEqual(config);
    expect(h.received.every((m) => !("runId" in m) || m.runId === "run-1")).toBe(true);
  });

  it("trains on an uploaded series' stored values, scaled as the config says; without them it refuses before timing anything", async () => {
    const stored = Array.from({ length: 36 }, (_, i) => 100 + 30 * Math.sin(i / 3));
    const uploaded = withOverrides({ ...config, dataset: { source: "upload", datasetId: "3f1b2c", length: 30, scaling: "min-max" } });
    const h = host();
    h.handle(start("run-up", { config: uploaded, stored, backend: "cpu" }));
    await h.idle();
    const started = h.received.find((m) => m.type === "started") as Extract<WorkerToPage, { type: "started" }>;
    expect(started.series).toEqual(Array.from(datasetSeries(uploaded.dataset, stored)));
    expect(Math.min(...started.series)).toBe(0);
    expect(Math.max(...started.series)).toBe(1);
    expect(h.received.at(-1)).toMatchObject({ type: "done", outcome: { status: "finished" } });

    const missing = host();
    missing.handle(start("run-missing", { config: uploaded }));
    await missing.idle();
    expect(missing.types()).toEqual(["error"]);
    expect(missing.received[0]).toMatchObject({ runId: "run-missing", message: expect.stringMatching(/values must be loaded first/) });
    const short = host();
    short.handle(start("run-short", { config: uploaded, stored: stored.slice(0, 20) }));
    await short.idle();
    expect(short.received[0]).toMatchObject({ type: "error", message: expect.stringMatching(/has 20 values, fewer than the 30/) });
  });

  it("uses the requested backend without calibrating the others", async () => {
    const h = host();
    h.handle(start("run-2", { backend: "wasm" }));
    await h.idle();
    const started = h.received.find((m) => m.type === "started") as Extract<WorkerToPage, { type: "started" }>;
    expect(started.backend).toBe("wasm");
    // Only the wasm backend, with every implementation on it.
    expect(started.calibration.map((c) => `${c.backend}/${c.implementation}`)).toEqual(LAYER_IMPLEMENTATIONS.map((i) => `wasm/${i.name}`));
    await tf.setBackend("cpu");
  });

  it("pauses, resumes and stops on request", async () => {
    const h = host();
    h.handle(start("run-3", { config: { ...config, epochs: 500 } }));
    await h.waitFor((m) => m.type === "snapshot");
    h.handle({ type: "pause", runId: "run-3" });
    await h.waitFor((m) => m.type === "status" && m.status === "paused");
    const countAtPause = h.received.filter((m) => m.type === "snapshot").length;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(h.received.filter((m) => m.type === "snapshot")).toHaveLength(countAtPause);
    h.handle({ type: "resume", runId: "run-3" });
    await h.waitFor((m) => m.type === "snapshot" && m.snapshot.epoch > countAtPause);
    h.handle({ type: "stop", runId: "run-3" });
    await h.idle();
    const done = h.received.at(-1) as Extract<WorkerToPage, { type: "done" }>;
    expect(done.outcome.status).toBe("stopped");
    expect(done.outcome.epochsCompleted).toBeLessThan(500);
    expect(done.weights).not.toBeNull();
  });

  it("answers a checkpoint request with the weights of the last whole epoch, and nothing before the first", async () => {
    const h = host();
    h.handle(start("run-c", { config: { ...config, epochs: 500 } }));
    // Before the first epoch there is nothing to verify: no answer.
    h.handle({ type: "checkpoint", runId: "run-c" });
    await h.waitFor((m) => m.type === "snapshot" && m.snapshot.epoch >= 2);
    h.handle({ type: "checkpoint", runId: "run-c" });
    await h.waitFor((m) => m.type === "checkpoint");
    h.handle({ type: "stop", runId: "run-c" });
    await h.idle();
    const checkpoints = h.received.filter((m): m is Extract<WorkerToPage, { type: "checkpoint" }> => m.type === "checkpoint");
    expect(checkpoints).toHaveLength(1);
    const [checkpoint] = checkpoints;
    // The weights are those after the epoch it names: the snapshot of that epoch was reported before it.
    const reported = h.received.findIndex((m) => m.type === "snapshot" && m.snapshot.epoch === checkpoint!.epoch);
    expect(reported).toBeGreaterThan(-1);
    expect(reported).toBeLessThan(h.received.indexOf(checkpoint!));
    expect(decodeWeights(checkpoint!.weights).config).toEqual({ ...config, epochs: 500 });
    expect(h.transfers[h.received.indexOf(checkpoint!)]).toEqual([checkpoint!.weights]);
  });

  it("starts at once on the page's remembered backend, timing nothing", async () => {
    const h = host();
    h.handle(start("run-r", { preferred: { backend: "wasm", implementation: "ops" } }));
    await h.idle();
    expect(h.types()[0]).toBe("started");
    expect(h.received[0]).toMatchObject({ backend: "wasm", implementation: "ops", choice: "remembered", calibration: [] });
    expect(h.received.at(-1)).toMatchObject({ type: "done", outcome: { status: "finished" } });
    await tf.setBackend("cpu");
  });

  it("calibrates as usual when the remembered choice is not available here or not the one asked for", async () => {
    for (const extra of [{ preferred: { backend: "webgl", implementation: "ops" } }, { preferred: { backend: "wasm", implementation: "gone" } }, { backend: "cpu", preferred: { backend: "wasm", implementation: "ops" } }]) {
      const h = host();
      h.handle(start("run-m", extra));
      await h.idle();
      expect(h.types().slice(0, 2)).toEqual(["calibrating", "started"]);
      expect(h.received[1]).toMatchObject({ choice: "measured" });
    }
    await tf.setBackend("cpu");
  });

  it("calibrates in the background while idle, and gives way to a Train press", async () => {
    const h = host();
    h.handle({ type: "calibrate", protocol: TRAINING_PROTOCOL_VERSION, runId: "measure-1", config });
    await h.idle();
    expect(h.types()).toEqual(["calibrated"]);
    const calibrated = h.received[0] as Extract<WorkerToPage, { type: "calibrated" }>;
    expect(calibrated.calibration.length).toBeGreaterThan(1);
    expect(calibrated.calibration.map((c) => c.backend)).toEqual(expect.arrayContaining(["cpu", "wasm"]));

    const interrupted = host();
    interrupted.handle({ type: "calibrate", protocol: TRAINING_PROTOCOL_VERSION, runId: "measure-2", config });
    interrupted.handle(start("run-5", { preferred: { backend: "cpu", implementation: "ops" } }));
    await interrupted.idle();
    // The background calibration stopped without answering; the run started on the remembered backend.
    expect(interrupted.types()[0]).toBe("started");
    expect(interrupted.types()).not.toContain("calibrated");
    expect(interrupted.received.at(-1)).toMatchObject({ type: "done", runId: "run-5", outcome: { status: "finished" } });
  });

  it("does not calibrate in the background while a run trains", async () => {
    const h = host();
    h.handle(start("run-6", { backend: "cpu" }));
    h.handle({ type: "calibrate", protocol: TRAINING_PROTOCOL_VERSION, runId: "measure-3", config });
    await h.idle();
    expect(h.types()).not.toContain("calibrated");
    expect(h.received.every((m) => m.runId === "run-6")).toBe(true);
  });

  it("stops during calibration without training", async () => {
    const h = host();
    h.handle(start("run-4"));
    h.handle({ type: "stop", runId: "run-4" });
    await h.idle();
    expect(h.types()).toEqual(["calibrating", "done"]);
    expect(h.received[1]).toMatchObject({ outcome: { status: "stopped", epochsCompleted: 0 }, weights: null });
  });

  describe("refuses bad requests with a clear error and changes nothing", () => {
    it("an invalid message", () => {
      const h = host();
      h.handle({ type: "start", protocol: 99, runId: "x", config, backend: "auto" });
      h.handle("hello");
      h.handle({ type: "explode", runId: "x" });
      expect(h.types()).toEqual(["error", "error", "error"]);
      expect(h.received[0]).toMatchObject({ runId: "x", message: expect.stringMatching(/^invalid message: protocol/) });
    });

    it("a configuration outside the limits, listing every problem", async () => {
      const h = host();
      h.handle(start("run-5", { config: { ...config, model: { ...config.model, hidden: 999, layers: 9 } } }));
      await h.idle();
      expect(h.types()).toEqual(["error"]);
      expect(h.received[0]).toMatchObject({
        runId: "run-5",
        message: expect.stringMatching(/^Invalid training configuration: .*model.layers: layers must be between 1 and 3.*model.hidden: hidden size must be between 1 and 256/),
      });
    });

    it("a backend this device does not have", async () => {
      const h = host();
      h.handle(start("run-6", { backend: "webgl" }));
      await h.idle();
      expect(h.types()).toEqual(["calibrating", "error"]);
      expect(h.received[1]).toMatchObject({ message: "the webgl backend is not available here" });
    });

    it("a second run while one is in progress, and controls for an unknown run", async () => {
      const h = host();
      h.handle(start("run-7", { config: { ...config, epochs: 200 } }));
      h.handle(start("run-8"));
      h.handle({ type: "pause", runId: "run-9" });
      expect(h.received.filter((m) => m.type === "error").map((m) => (m as { message: string }).message)).toEqual([
        "run run-7 is still in progress; stop it first",
        "no run run-9 is in progress",
      ]);
      h.handle({ type: "stop", runId: "run-7" });
      await h.idle();
      expect(h.received.at(-1)).toMatchObject({ type: "done", runId: "run-7" });
    });
  });
});
