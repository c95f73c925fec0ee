import { describe, expect, it } from "vitest";
import { leaseLocks, LEASE_MS, mayTake, parseLease } from "@/app/_lib/outbox/tab-locks";
import { MemoryOutboxStore } from "@/app/_lib/outbox/memory-store";
import { OutboxSender, type OutboxRunStatus } from "@/app/_lib/outbox/outbox-sender";
import type { Result } from "@/lib/errors";
import { extendCurve, type CurvePoint } from "@/lib/runs/curve";
import {
  acknowledgePoints,
  appendPoints,
  interruptedFinish,
  isRetryable,
  MAX_RETRY_MS,
  newEntry,
  nextStep,
  OUTBOX_BATCH_EPOCHS,
  retryDelayMs,
  type OutboxEntry,
} from "@/lib/runs/outbox";
import { ManualTime } from "../../support/manual-time";

const point = (epoch: number): CurvePoint => ({ epoch, trainLoss: 1 / epoch, valLoss: epoch % 2 ? null : 2 / epoch, msPerEpoch: 3, tMs: epoch * 10 });
const epochs = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => point(from + i));
const entry = (over: Partial<OutboxEntry> = {}): OutboxEntry => ({ ...newEntry("local", "user", { epochs: 10 }, null), ...over });
const finish = { status: "finished" as const, finalTrainLoss: 0.1, finalValLoss: null, msPerEpoch: 3, backend: "wasm/ops" };

describe("outbox steps", () => {
  it("creates the run, then sends pictures, epochs, the finish and the weights, in that order", () => {
    expect(nextStep(entry())).toEqual({ kind: "create" });
    const rollout = { epoch: 5, mse: 0.2, predicted: [0.1] };
    const full = entry({ runId: "r", points: epochs(1, 3), rollouts: [rollout], finish, weights: "AAAA" });
    expect(nextStep(full)).toEqual({ kind: "rollout", rollout });
    expect(nextStep({ ...full, rollouts: [] })).toEqual({ kind: "points", points: epochs(1, 3) });
    expect(nextStep({ ...full, rollouts: [], points: [] })).toEqual({ kind: "finish", finish });
    expect(nextStep({ ...full, rollouts: [], points: [], finishSent: true })).toEqual({ kind: "weights", data: "AAAA" });
    expect(nextStep({ ...full, rollouts: [], points: [], finishSent: true, weights: null })).toEqual({ kind: "done" });
  });

  it("waits while training goes on and nothing is pending", () => {
    expect(nextStep(entry({ runId: "r" }))).toEqual({ kind: "wait" });
  });

  it("sends at most a server batch of epochs at a time", () => {
    const step = nextStep(entry({ runId: "r", points: epochs(1, OUTBOX_BATCH_EPOCHS + 20) }));
    expect(step.kind === "points" && step.points.map((p) => p.epoch)).toEqual(epochs(1, OUTBOX_BATCH_EPOCHS).map((p) => p.epoch));
  });

  it("keeps only the next consecutive epochs, so a repeat or a jump changes nothing", () => {
    const a = appendPoints(entry(), epochs(1, 3));
    expect(a.points.map((p) => p.epoch)).toEqual([1, 2, 3]);
    expect(appendPoints(a, epochs(2, 3))).toBe(a);
    expect(appendPoints(a, epochs(5, 6))).toBe(a);
    expect(appendPoints(a, epochs(3, 5)).points.map((p) => p.epoch)).toEqual([1, 2, 3, 4, 5]);
    expect(appendPoints(a, epochs(3, 5)).last).toEqual(point(5));
  });

  it("forgets what the server acknowledged, and remembers the last epoch for an interrupted finish", () => {
    const a = acknowledgePoints(appendPoints(entry(), epochs(1, 6)), 4);
    expect(a.points.map((p) => p.epoch)).toEqual([5, 6]);
    expect(interruptedFinish(acknowledgePoints(a, 6))).toEqual({ status: "stopped", finalTrainLoss: 1 / 6, finalValLoss: 2 / 6, msPerEpoch: null, backend: null });
    expect(interruptedFinish(entry())).toMatchObject({ status: "stopped", finalTrainLoss: null });
  });

  it("retries passing failures only, after 1, 2, 4, 8 then 10 seconds", () => {
    expect(isRetryable({ code: "internal", message: "" })).toBe(true);
    expect(isRetryable({ code: "rate_limited", message: "" })).toBe(true);
    expect(isRetryable({ code: "unavailable", message: "" })).toBe(true);
    expect(isRetryable({ code: "bad_request", reason: "run_ended", message: "" })).toBe(false);
    expect(isRetryable({ code: "not_found", message: "" })).toBe(false);
    expect([1, 2, 3, 4, 5, 12].map(retryDelayMs)).toEqual([1000, 2000, 4000, 8000, MAX_RETRY_MS, MAX_RETRY_MS]);
  });
});

describe("outbox sender", () => {
  /** A server that keeps epochs as the real one does (lib/runs/curve extendCurve), and can be switched off. */
  function fakeServer() {
    const state = { up: true, stored: 0, finished: null as unknown, requests: [] as string[] };
    const answer = <T>(data: T): Result<T> => ({ ok: true, data });
    const post = async <T>(path: string, body: unknown): Promise<Result<T>> => {
      state.requests.push(path);
      if (!state.up) return { ok: false, error: { code: "internal", reason: "offline", message: "offline" } };
      if (path === "/api/runs") return answer({ runId: "server-run" }) as Result<T>;
      if (path.endsWith("/snapshots")) {
        const { accepted, missingFrom } = extendCurve((body as { points: CurvePoint[] }).points, state.stored);
        state.stored = accepted.at(-1)?.epoch ?? state.stored;
        return answer({ lastEpoch: state.stored, missingFrom }) as Result<T>;
      }
      if (path.endsWith("/finish")) state.finished = body;
      return answer({}) as Result<T>;
    };
    return { state, api: { post, put: post } };
  }

  it("says how many epochs wait while offline, backs off, and sends them all once back", async () => {
    const store = new MemoryOutboxStore();
    const time = new ManualTime();
    const { state, api } = fakeServer();
    const statuses: OutboxRunStatus[] = [];
    const sender = new OutboxSender({ store, api, time, userId: "user", isTraining: async () => false, onStatus: (_, s) => statuses.push(s) });
    await store.update("local", () => ({ ...appendPoints(entry(), epochs(1, 7)), runId: "server-run" }));
    state.up = false;
    const running = sender.run();
    const t0 = time.now();
    await time.advance(0);
    expect(statuses.at(-1)).toEqual({ phase: "offline", runId: "server-run", waiting: 7, retryAt: t0 + 1000 });
    await time.advance(999);
    expect(state.requests).toHaveLength(1);
    await time.advance(1);
    expect(state.requests).toHaveLength(2);
    expect(statuses.at(-1)).toMatchObject({ phase: "offline", retryAt: t0 + 3000 });
    // A poke (new epochs) does not cut a retry delay short.
    sender.poke();
    await time.advance(1999);
    expect(state.requests).toHaveLength(2);
    state.up = true;
    await time.advance(1);
    expect(statuses.at(-1)).toEqual({ phase: "saved", runId: "server-run" });
    expect(state.stored).toBe(7);
    expect(state.finished).toMatchObject({ status: "stopped", finalTrainLoss: 1 / 7 });
    expect(await store.list()).toEqual([]);
    sender.stop();
    await running;
  });

  it("gives up on a run the server lacks earlier epochs of, rather than sending it for ever", async () => {
    const store = new MemoryOutboxStore();
    const { api } = fakeServer();
    const statuses: OutboxRunStatus[] = [];
    const sender = new OutboxSender({ store, api, time: new ManualTime(), userId: "user", isTraining: async () => true, onStatus: (_, s) => statuses.push(s) });
    // Epochs 1–4 were acknowledged by a server that has since lost them.
    await store.update("local", () => ({ ...acknowledgePoints(appendPoints(entry(), epochs(1, 6)), 4), runId: "server-run" }));
    await sender.round();
    expect(statuses.at(-1)).toMatchObject({ phase: "failed", error: { reason: "epoch_gap" } });
    expect(await store.list()).toEqual([]);
  });
});

describe("localStorage leases (where Web Locks are missing)", () => {
  it("is free when unset, expired or already the holder's", () => {
    expect(mayTake(null, "a", 100)).toBe(true);
    expect(mayTake({ holder: "b", until: 99 }, "a", 100)).toBe(true);
    expect(mayTake({ holder: "a", until: 200 }, "a", 100)).toBe(true);
    expect(mayTake({ holder: "b", until: 200 }, "a", 100)).toBe(false);
    expect(parseLease("not json")).toBeNull();
    expect(parseLease('{"holder":"a"}')).toBeNull();
  });

  it("is held while a task runs and released after it", async () => {
    const items = new Map<string, string>();
    const storage = {
      getItem: (k: string) => items.get(k) ?? null,
      setItem: (k: string, v: string) => void items.set(k, v),
      removeItem: (k: string) => void items.delete(k),
    } as Storage;
    let now = 1000;
    const a = leaseLocks(storage, "tab-a", () => now);
    const b = leaseLocks(storage, "tab-b", () => now);
    let release = () => {};
    const task = a.hold("x", () => new Promise<void>((resolve) => (release = resolve)));
    expect(await b.isHeld("x")).toBe(true);
    now += LEASE_MS + 1; // a tab that stopped renewing (closed) no longer holds it
    expect(await b.isHeld("x")).toBe(false);
    now -= LEASE_MS + 1;
    release();
    await task;
    expect(await b.isHeld("x")).toBe(false);
  });
});
