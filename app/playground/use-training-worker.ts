"use client";
/**
 * The page's handle on the training worker: start/pause/resume/stop, and the run's state. Worker messages are
 * validated with the protocol schema, then applied once per animation frame, so a fast run (an epoch every few
 * milliseconds) costs one render per frame, not one per epoch.
 */
import { useCallback, useEffect, useReducer, useRef } from "react";
import type { TrainingConfig } from "@/lib/ml/config";
import { TRAINING_PROTOCOL_VERSION, WorkerToPageSchema, type BackendChoice, type PageToWorker, type WorkerToPage } from "@/lib/ml/worker-protocol";
import { randomId } from "../_lib/random-id";
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
      pending.push(message);
      frame ??= requestAnimationFrame(flush);
      onMessageRef.current?.(message);
    };
    worker.onerror = (event) => {
      pending.push({ type: "error", runId: runIdRef.current, message: event.message || "the training worker crashed" });
      frame ??= requestAnimationFrame(flush);
    };
    teardown.current = () => {
      if (frame !== null) cancelAnimationFrame(frame);
      worker.terminate();
      workerRef.current = null;
    };
    return worker;
  }, []);

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
      dispatch({ type: "requested-start", runId, epochs: config.epochs });
      send({ type: "start", protocol: TRAINING_PROTOCOL_VERSION, runId, config, backend, ...(stored ? { stored: [...stored] } : {}) });
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

  /** Asks the running worker for its current weights (it answers with a "checkpoint" message, after epoch 1). */
  const checkpoint = useCallback(() => {
    const runId = runIdRef.current;
    if (runId !== null) send({ type: "checkpoint", runId });
  }, [send]);

  return {
    view,
    prepare,
    start,
    checkpoint,
    pause: useCallback(() => control("pause"), [control]),
    resume: useCallback(() => control("resume"), [control]),
    stop: useCallback(() => control("stop"), [control]),
  };
}
