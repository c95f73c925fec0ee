/**
 * The training worker's logic, independent of the Worker global: it receives page messages through `handle`,
 * answers through `post`, and trains with the injected clock and backends. `app/…/training.worker.ts` wires it
 * to `self`; tests drive it directly in Node with real backends.
 */
import * as tf from "@tensorflow/tfjs";
import { datasetSeries } from "@/lib/data/source";
import { calibrate, CalibrationStopped, type CalibrationEntry, type CalibrationOptions } from "./calibration";
import { checkTrainingConfig, describeIssues, type TrainingConfig } from "./config";
import { candidatesFor, LAYER_IMPLEMENTATIONS, type BackendName, type Candidate, type LayerImplementation } from "./implementations";
import type { TrainingOutcome } from "./snapshots";
import { Trainer } from "./trainer";
import { PageToWorkerSchema, type PageToWorker, type WorkerToPage } from "./worker-protocol";

export interface TrainingHostOptions {
  post: (message: WorkerToPage, transfer?: ArrayBuffer[]) => void;
  now: () => number;
  yieldControl?: () => Promise<void>;
  /** Backends registered in this environment, in order of preference when timings tie. */
  availableBackends: readonly BackendName[];
  setBackend?: (backend: BackendName) => Promise<boolean>;
  implementations?: readonly LayerImplementation[];
  calibration?: Pick<CalibrationOptions, "warmupSteps" | "minSteps" | "minMs" | "maxSteps">;
}

interface Session {
  runId: string;
  trainer: Trainer | null;
  stopRequested: boolean;
}

export interface TrainingHost {
  handle(message: unknown): void;
  /** Resolves when the current run (if any) has ended and reported. */
  idle(): Promise<void>;
}

type StartMessage = Extract<PageToWorker, { type: "start" }>;

export function createTrainingHost(options: TrainingHostOptions): TrainingHost {
  const implementations = options.implementations ?? LAYER_IMPLEMENTATIONS;
  let session: Session | null = null;
  let running: Promise<void> = Promise.resolve();
  /** A calibration asked for while idle ("calibrate"); a start stops it and waits for it to let go of tfjs. */
  let background: { stop: boolean; done: Promise<void> } | null = null;

  const fail = (runId: string | null, message: string) => options.post({ type: "error", runId, message });

  /** The page's remembered choice, when it starts here (the backend may have gone: a lost GPU, another browser). */
  async function remembered(message: StartMessage): Promise<Candidate | null> {
    const preferred = message.preferred;
    if (!preferred || (message.backend !== "auto" && message.backend !== preferred.backend)) return null;
    if (!options.availableBackends.includes(preferred.backend)) return null;
    if (message.implementation !== undefined && message.implementation !== preferred.implementation) return null;
    const candidate = candidatesFor([preferred.backend], implementations).find((c) => c.implementation.name === preferred.implementation);
    if (!candidate) return null;
    const activate = options.setBackend ?? ((name: BackendName) => tf.setBackend(name));
    return (await activate(candidate.backend).catch(() => false)) ? candidate : null;
  }

  async function choose(message: StartMessage, config: TrainingConfig, shouldStop?: () => boolean) {
    const impls = message.implementation === undefined ? implementations : implementations.filter((i) => i.name === message.implementation);
    if (impls.length === 0) throw new Error(`unknown layer implementation "${message.implementation}"`);
    const backends = message.backend === "auto" ? options.availableBackends : options.availableBackends.filter((b) => b === message.backend);
    if (backends.length === 0) throw new Error(`the ${message.backend} backend is not available here`);
    const candidates: Candidate[] = candidatesFor(backends, impls);
    if (candidates.length === 0) throw new Error(`no layer implementation runs on ${backends.join(", ")}`);
    return calibrate(candidates, { ...options.calibration, config, now: options.now, setBackend: options.setBackend, shouldStop });
  }

  async function start(message: Extract<PageToWorker, { type: "start" }>): Promise<void> {
    const checked = checkTrainingConfig(message.config);
    if (!checked.ok) return fail(message.runId, `Invalid training configuration: ${checked.problems.join("; ")}`);
    const current: Session = { runId: message.runId, trainer: null, stopRequested: false };
    session = current;
    const post = options.post;
    try {
      // Missing or too few uploaded values are reported before the backends are timed.
      datasetSeries(checked.config.dataset, message.stored);
      if (background) {
        background.stop = true;
        await background.done;
      }
      const preferred = await remembered(message);
      if (!preferred) post({ type: "calibrating", runId: current.runId });
      const { best, entries } = preferred ? { best: preferred, entries: [] } : await choose(message, checked.config);
      if (current.stopRequested) {
        post({ type: "done", runId: current.runId, outcome: emptyOutcome(), weights: null });
        return;
      }
      const trainer = new Trainer({
        config: checked.config,
        layer: best.implementation.layer,
        now: options.now,
        yieldControl: options.yieldControl,
        stored: message.stored,
        onSnapshot: (snapshot) => post({ type: "snapshot", runId: current.runId, snapshot }),
        onRollout: (rollout) => post({ type: "rollout", runId: current.runId, rollout }),
        onStatus: (status) => post({ type: "status", runId: current.runId, status }),
      });
      current.trainer = trainer;
      try {
        post(startedMessage(current.runId, trainer, best, entries, preferred ? "remembered" : "measured"));
        const outcome = await trainer.run();
        const weights = outcome.epochsCompleted > 0 && outcome.status !== "failed" ? toArrayBuffer(trainer.exportWeights()) : null;
        post({ type: "done", runId: current.runId, outcome, weights }, weights ? [weights] : []);
      } finally {
        trainer.dispose();
      }
    } catch (error) {
      fail(current.runId, error instanceof Error ? error.message : String(error));
    } finally {
      if (session === current) session = null;
    }
  }

  function calibrateInBackground(message: Extract<PageToWorker, { type: "calibrate" }>): void {
    const checked = checkTrainingConfig(message.config);
    if (!checked.ok) return fail(message.runId, `Invalid training configuration: ${checked.problems.join("; ")}`);
    // Never while training (it would slow the run and time nothing true), nor twice at once.
    if (session !== null || background !== null) return;
    const task = { stop: false, done: Promise.resolve() };
    background = task;
    const auto = { ...message, type: "start" as const, backend: "auto" as const };
    task.done = (async () => {
      try {
        const { best, entries } = await choose(auto, checked.config, () => task.stop);
        options.post({ type: "calibrated", runId: message.runId, backend: best.backend, implementation: best.implementation.name, calibration: entries });
      } catch (error) {
        // Stopped for a Train press: that run reports for itself.
        if (!(error instanceof CalibrationStopped)) fail(message.runId, error instanceof Error ? error.message : String(error));
      } finally {
        if (background === task) background = null;
      }
    })();
  }

  function control(message: Exclude<PageToWorker, { type: "start" | "calibrate" }>): void {
    if (session === null || session.runId !== message.runId) return fail(message.runId, `no run ${message.runId} is in progress`);
    if (message.type === "stop") {
      session.stopRequested = true;
      session.trainer?.stop();
    } else if (message.type === "checkpoint") {
      // Messages are handled between epochs (the trainer yields there), so the weights are one epoch's, whole.
      const trainer = session.trainer;
      if (!trainer || trainer.epochsCompleted === 0) return;
      const weights = toArrayBuffer(trainer.exportWeights());
      options.post({ type: "checkpoint", runId: message.runId, epoch: trainer.epochsCompleted, weights }, [weights]);
    } else if (message.type === "pause") {
      session.trainer?.pause();
    } else {
      session.trainer?.resume();
    }
  }

  return {
    handle(raw) {
      const parsed = PageToWorkerSchema.safeParse(raw);
      if (!parsed.success) {
        const runId = typeof (raw as { runId?: unknown })?.runId === "string" ? (raw as { runId: string }).runId : null;
        return fail(runId, `invalid message: ${describeIssues(parsed.error).join("; ")}`);
      }
      const message = parsed.data;
      if (message.type === "calibrate") return calibrateInBackground(message);
      if (message.type !== "start") return control(message);
      if (session !== null) return fail(message.runId, `run ${session.runId} is still in progress; stop it first`);
      running = start(message);
    },
    idle: async () => {
      await running;
      await background?.done;
    },
  };
}

function emptyOutcome(): TrainingOutcome {
  return { status: "stopped", epochsCompleted: 0, finalTrainLoss: null, finalValLoss: null, meanMsPerEpoch: null, message: null };
}

function startedMessage(runId: string, trainer: Trainer, best: Candidate, calibration: CalibrationEntry[], choice: "measured" | "remembered"): WorkerToPage {
  return {
    type: "started",
    runId,
    backend: best.backend,
    implementation: best.implementation.name,
    calibration,
    choice,
    series: Array.from(trainer.data.series),
    window: trainer.config.window,
    epochs: trainer.config.epochs,
    trainWindows: trainer.data.split.train.length,
    validationWindows: trainer.data.split.validation.length,
  };
}

/** The weights as a standalone ArrayBuffer that can be transferred to the page without copying. */
function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer) return bytes.buffer;
  return bytes.slice().buffer as ArrayBuffer;
}
