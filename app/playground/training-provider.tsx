"use client";
/**
 * The Playground's training, owned above the pages (the root layout mounts this): the worker, the run being
 * trained and its settings live here, so moving to History and back leaves training running and the Playground
 * shows it where it is. Every epoch goes to the outbox (app/_lib/outbox) the moment the worker reports it, and the
 * outbox is sent for whoever is signed in on any page, so a run interrupted by a reload is finished from there.
 * Leaving the site while a run trains asks first.
 */
import { createContext, useCallback, type Dispatch, type SetStateAction, useContext, useEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from "react";
import { checkTrainingConfig, DEFAULT_TRAINING_CONFIG, type TrainingConfig } from "@/lib/ml/config";
import type { BackendChoice, WorkerToPage } from "@/lib/ml/worker-protocol";
import type { OutboxFinish } from "@/lib/runs/outbox";
import { outboxRuntime } from "../_lib/outbox/outbox-runtime";
import type { OutboxRunStatus } from "../_lib/outbox/outbox-sender";
import { useSession } from "../_lib/session";
import { OutboxRecorder } from "./outbox-recorder";
import { isActive, type TrainingView } from "./training-state";
import { useTrainingWorker } from "./use-training-worker";

export interface PlaygroundTraining {
  view: TrainingView;
  /** The settings of the run shown (null before the first run). */
  config: TrainingConfig | null;
  /** The form, kept while the person visits other pages. */
  draft: TrainingConfig;
  setDraft: Dispatch<SetStateAction<TrainingConfig>>;
  backend: BackendChoice;
  setBackend(backend: BackendChoice): void;
  classroomId: string;
  setClassroomId(classroomId: string): void;
  /** How saving the run to the history goes (null before a run). */
  recording: OutboxRunStatus | null;
  /** Loads the worker ahead of the first Train press. */
  prepare(): void;
  start(config: TrainingConfig, backend: BackendChoice, stored: readonly number[] | undefined, classroomId: string | null): void;
  pause(): void;
  resume(): void;
  stop(): void;
}

const TrainingContext = createContext<PlaygroundTraining | null>(null);

interface Recording {
  localId: string;
  recorder: OutboxRecorder;
  ended: boolean;
  release: () => void;
  /** The backend the worker chose, recorded with the run. */
  backend: string | null;
}

export function TrainingProvider({ children }: { children: ReactNode }) {
  const { user } = useSession();
  const recording = useRef<Recording | null>(null);
  /** The worker exists (the Playground was opened): only then is measuring in the background worth it. */
  const [workerStarted, setWorkerStarted] = useState(false);
  const onMessage = useCallback((message: WorkerToPage) => {
    const current = recording.current;
    if (!current || current.ended || message.runId !== current.localId) return;
    if (message.type === "snapshot") current.recorder.addSnapshots([message.snapshot]);
    else if (message.type === "rollout") current.recorder.addRollouts([message.rollout]);
    else if (message.type === "started") current.backend = `${message.backend}/${message.implementation}`;
    else if (message.type === "done" || message.type === "error") {
      current.ended = true;
      const finish: OutboxFinish =
        message.type === "done"
          ? { status: message.outcome.status, finalTrainLoss: message.outcome.finalTrainLoss, finalValLoss: message.outcome.finalValLoss, msPerEpoch: message.outcome.meanMsPerEpoch, backend: current.backend }
          : // The worker crashed: what it reported is kept, marked failed.
            { status: "failed", finalTrainLoss: null, finalValLoss: null, msPerEpoch: null, backend: current.backend };
      void current.recorder.finish(finish, message.type === "done" ? message.weights : null).finally(current.release);
    }
  }, []);
  const worker = useTrainingWorker({ onMessage, lazy: true });
  const [config, setConfig] = useState<TrainingConfig | null>(null);
  const [draft, setDraft] = useState<TrainingConfig>(DEFAULT_TRAINING_CONFIG);
  const [backend, setBackend] = useState<BackendChoice>("auto");
  const [classroomId, setClassroomId] = useState("");
  const active = isActive(worker.view.phase);

  // The outbox is sent for whoever is signed in, on every page (a reloaded run finishes uploading anywhere).
  useEffect(() => {
    if (user !== undefined) outboxRuntime().setUser(user?.id ?? null);
  }, [user]);

  // The tab is going (a reload, a crash on the way): the last moment's epochs go to the outbox now, not in 250 ms.
  useEffect(() => {
    const flush = () => void recording.current?.recorder.flush();
    window.addEventListener("pagehide", flush);
    return () => window.removeEventListener("pagehide", flush);
  }, []);

  useEffect(() => {
    if (!active) return;
    const ask = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older browsers ask only when returnValue is set.
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", ask);
    return () => window.removeEventListener("beforeunload", ask);
  }, [active]);

  const { start: startWorker, prepare: prepareWorker, remeasure, view, pause, resume, stop } = worker;
  const prepare = useCallback(() => {
    prepareWorker();
    setWorkerStarted(true);
  }, [prepareWorker]);

  // While nothing trains, the backends are timed for the form's model if this device has no fresh measurement for
  // its shape, so the next Train starts at once.
  const measured = active ? null : draft;
  useEffect(() => {
    if (measured && backend === "auto" && workerStarted && checkTrainingConfig(measured).ok) remeasure(measured);
  }, [measured, backend, workerStarted, remeasure]);
  const start = useCallback(
    (next: TrainingConfig, choice: BackendChoice, stored: readonly number[] | undefined, classroom: string | null) => {
      if (!user) return;
      const runtime = outboxRuntime();
      setConfig(next);
      const localId = startWorker(next, choice, stored);
      let release = () => {};
      const ended = new Promise<void>((resolve) => (release = resolve));
      const ready = runtime.holdTraining(localId, ended);
      const recorder = new OutboxRecorder(runtime, localId, { userId: user.id, config: next, classroomId: classroom }, () => performance.now(), ready);
      recording.current = { localId, recorder, ended: false, release, backend: null };
    },
    [user, startWorker],
  );

  const status = useRecordingStatus(view.runId);
  const value = useMemo<PlaygroundTraining>(
    () => ({
      view,
      config,
      draft,
      setDraft,
      backend,
      setBackend,
      classroomId,
      setClassroomId,
      recording: view.runId === null ? null : (status ?? { phase: "saving", runId: null, waiting: 0 }),
      prepare,
      start,
      pause,
      resume,
      stop,
    }),
    [view, config, draft, backend, classroomId, status, prepare, start, pause, resume, stop],
  );
  return <TrainingContext.Provider value={value}>{children}</TrainingContext.Provider>;
}

const noSubscription = () => () => {};

/** The outbox's latest word on a run, from this tab's sender or another tab's. */
function useRecordingStatus(localId: string | null): OutboxRunStatus | undefined {
  const subscribe = useCallback((listener: () => void) => outboxRuntime().subscribe(listener), []);
  return useSyncExternalStore(
    localId === null ? noSubscription : subscribe,
    () => (localId === null ? undefined : outboxRuntime().status(localId)),
    () => undefined,
  );
}

export function usePlaygroundTraining(): PlaygroundTraining {
  const value = useContext(TrainingContext);
  if (!value) throw new Error("usePlaygroundTraining outside TrainingProvider");
  return value;
}
