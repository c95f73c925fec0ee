"use client";
/**
 * The page's handle on the training worker: start/pause/resume/stop, and the run's state. Worker messages are
 * validated with the protocol schema, then applied once per animation frame, so a fast run (an epoch every few
 * milliseconds) costs one render per frame, not one per epoch. With the "auto" backend, the device's remembered
 * choice (./backend-memory-store) is used at once; a calibration's winner is remembered for the next run.
 */
import { useCallback, useEffect, useReducer, useRef } from "react";
import type { TrainingConfig } from "@/lib/ml/config";
import { TRAINING_PROTOCOL_VERSION, WorkerToPageSchema, type BackendChoice, type PageToWorker, type WorkerToPage } from "@/lib/ml/worker-protocol";
import { randomId } from "../_lib/random-id";
import { backendNeedsMeasuring, recallBackend, rememberBackend } from "./backend-memory-store";
import { IDLE_VIEW, trainingReducer } from "./training-state";

export interface TrainingWorkerOptions {
  /** Every validated worker message, as it arrives (the race page streams snapshots to the server from here). */
  onMessage?: (message: WorkerToPage) => void;
  /** Create the worker on first use (`prepare` or `start`) rather than on mount: the app-wide trainer. */
  lazy?: boolean;
}

export function useTrainingWorker(options: TrainingWorkerOptions = {}) {
  const [view, dispatch] = useReducer(trainingReducer, IDLE_VIEW);
  const workerRef = useRef<Worker | null>(null);
  const runIdRef = useRef<string | null>(null);
  const onMessageRef = useRef(options.onMessage);
  useEffect(() => {
    onMessageRef.current = options.onMessage;
  }, [options.onMessage]);

  const teardown = useRef<(() => void) | null>(null);
  /** Whether a run is in progress (no background calibration then). */
  const training = useRef(false);
  /** Runs and background calibrations on "auto", by id: their winner is remembered for this config's shape. */
  const measuring = useRef(new Map<string, TrainingConfig>());

  const learn = useCallback((message: WorkerToPage) => {
    if (message.runId === null) return;
    const config = measuring.current.get(message.runId);
    if ((message.type === "started" && message.choice === "measured") || message.type === "calibrated") {
      if (config) rememberBackend(config, { backend: message.backend, implementation: message.implementation });
    }
    if (message.type === "started" || message.type === "calibrated" || message.type === "done" || message.type === "error") measuring.current.delete(message.runId);
    if ((message.type === "done" || message.type === "error") && message.runId === runIdRef.current) training.current = false;
  }, []);

  /** Creates the worker (tfjs and all) if it is not running yet. */
  const prepare = useCallback((): Worker => {
    if (workerRef.current) return workerRef.current;
    const worker = new Worker(new URL("./training.worker.ts", import.meta.url), { type: "module", name: "training" });
    workerRef.current = worker;
    let pending: WorkerToPage[] = [];
    let frame: number | null = null;
    const flush = () => {
      frame = null;
      const messages = pending;
      pending = [];
      dispatch({ type: "worker", messages });
    };
    worker.onmessage = (event: MessageEvent<unknown>) => {
      const parsed = WorkerToPageSchema.safeParse(event.data);
      const message: WorkerToPage = parsed.success
        ? parsed.data
        : { type: "error", runId: runIdRef.current, message: `the training worker sent an unexpected message (${parsed.error.issues[0]?.message ?? "invalid"})` };
      learn(message);
      pending.push(message);
      frame ??= requestAnimationFrame(flush);
      onMessageRef.current?.(message);
    };
    worker.onerror = (event) => {
      training.current = false;
      pending.push({ type: "error", runId: runIdRef.current, message: event.message || "the training worker crashed" });
      frame ??= requestAnimationFrame(flush);
    };
    teardown.current = () => {
      if (frame !== null) cancelAnimationFrame(frame);
      worker.terminate();
      workerRef.current = null;
    };
    return worker;
  }, [learn]);

  useEffect(() => {
    if (!options.lazy) prepare();
    return () => teardown.current?.();
    // Created once per mount: `lazy` is how the caller is built, not state.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [prepare]);

  const send = useCallback((message: PageToWorker) => prepare().postMessage(message), [prepare]);

  /** `stored`: an uploaded dataset's values, fetched by the page (the worker scales them as the config says). */
  const start = useCallback(
    (config: TrainingConfig, backend: BackendChoice, stored?: readonly number[]) => {
      const runId = randomId();
      runIdRef.current = runId;
      training.current = true;
      const preferred = backend === "auto" ? recallBackend(config) : null;
      // The worker stops any background calibration for this run.
      measuring.current.clear();
      if (backend === "auto") measuring.current.set(runId, config);
      dispatch({ type: "requested-start", runId, epochs: config.epochs });
      send({
        type: "start",
        protocol: TRAINING_PROTOCOL_VERSION,
        runId,
        config,
        backend,
        ...(stored ? { stored: [...stored] } : {}),
        ...(preferred ? { preferred: { backend: preferred.backend, implementation: preferred.implementation } } : {}),
      });
      return runId;
    },
    [send],
  );
  const control = useCallback(
    (type: "pause" | "resume" | "stop") => {
      const runId = runIdRef.current;
      if (runId === null) return;
      if (type === "stop") dispatch({ type: "requested-stop" });
      send({ type, runId });
    },
    [send],
  );

  /**
   * Times the backends for this config when the device has no fresh measurement for its shape, once the page is
   * idle and nothing trains (a Train press meanwhile stops it), so the next Train starts at once.
   */
  const remeasure = useCallback(
    (config: TrainingConfig) => {
      const go = () => {
        if (training.current || measuring.current.size > 0 || !backendNeedsMeasuring(config)) return;
        const runId = randomId();
        measuring.current.set(runId, config);
        send({ type: "calibrate", protocol: TRAINING_PROTOCOL_VERSION, runId, config });
      };
      if (typeof requestIdleCallback === "function") requestIdleCallback(go, { timeout: 5000 });
      else setTimeout(go, 1000);
    },
    [send],
  );

  /** Asks the running worker for its current weights (it answers with a "checkpoint" message, after epoch 1). */
  const checkpoint = useCallback(() => {
    const runId = runIdRef.current;
    if (runId !== null) send({ type: "checkpoint", runId });
  }, [send]);

  return {
    view,
    prepare,
    start,
    remeasure,
    checkpoint,
    pause: useCallback(() => control("pause"), [control]),
    resume: useCallback(() => control("resume"), [control]),
    stop: useCallback(() => control("stop"), [control]),
  };
}
