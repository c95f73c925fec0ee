/**
 * What the page knows about a training run, folded from the worker's messages. A pure reducer, so the Playground
 * and the race page can share it and render the same way.
 */
import type { CalibrationEntry } from "@/lib/ml/calibration";
import type { EpochSnapshot, RolloutSnapshot, TrainingOutcome } from "@/lib/ml/snapshots";
import type { WorkerToPage } from "@/lib/ml/worker-protocol";

export type TrainingPhase = "idle" | "calibrating" | "running" | "paused" | "stopping" | "finished" | "stopped" | "failed" | "error";

export interface TrainingView {
  runId: string | null;
  phase: TrainingPhase;
  backend: string | null;
  implementation: string | null;
  /** Whether the backend was timed for this run or remembered from an earlier one on this device. */
  choice: "measured" | "remembered" | null;
  calibration: CalibrationEntry[];
  series: number[];
  window: number;
  epochs: number;
  snapshots: EpochSnapshot[];
  rollouts: RolloutSnapshot[];
  outcome: TrainingOutcome | null;
  /** The trained weights (weight file format) once the run has ended. */
  weights: ArrayBuffer | null;
  /** Why the run failed or was refused. */
  message: string | null;
}

export const IDLE_VIEW: TrainingView = {
  runId: null,
  phase: "idle",
  backend: null,
  implementation: null,
  choice: null,
  calibration: [],
  series: [],
  window: 0,
  epochs: 0,
  snapshots: [],
  rollouts: [],
  outcome: null,
  weights: null,
  message: null,
};

export type TrainingAction =
  | { type: "requested-start"; runId: string; epochs: number }
  | { type: "requested-stop" }
  | { type: "worker"; messages: WorkerToPage[] };

export const isActive = (phase: TrainingPhase) => phase === "calibrating" || phase === "running" || phase === "paused" || phase === "stopping";

function apply(view: TrainingView, message: WorkerToPage): TrainingView {
  // Late messages of an earlier run are not this run's business.
  if (message.runId !== view.runId) return view;
  switch (message.type) {
    case "calibrating":
      return { ...view, phase: view.phase === "stopping" ? view.phase : "calibrating" };
    case "started":
      return {
        ...view,
        phase: view.phase === "stopping" ? view.phase : "running",
        backend: message.backend,
        implementation: message.implementation,
        calibration: message.calibration,
        choice: message.choice,
        series: message.series,
        window: message.window,
        epochs: message.epochs,
      };
    case "status":
      if (view.phase === "stopping") return view;
      return message.status === "running" || message.status === "paused" ? { ...view, phase: message.status } : view;
    case "snapshot":
      return { ...view, snapshots: [...view.snapshots, message.snapshot] };
    case "rollout":
      return { ...view, rollouts: [...view.rollouts, message.rollout] };
    case "done":
      return { ...view, phase: message.outcome.status, outcome: message.outcome, weights: message.weights, message: message.outcome.message };
    case "error":
      return { ...view, phase: "error", message: message.message };
    case "checkpoint":
    // A race's checkpoint weights go to the server (app/races); a background calibration is remembered by the hook.
    case "calibrated":
      return view;
  }
}

export function trainingReducer(view: TrainingView, action: TrainingAction): TrainingView {
  switch (action.type) {
    case "requested-start":
      return { ...IDLE_VIEW, runId: action.runId, phase: "calibrating", epochs: action.epochs };
    case "requested-stop":
      return isActive(view.phase) ? { ...view, phase: "stopping" } : view;
    case "worker":
      return action.messages.reduce(apply, view);
  }
}
