"use client";
/**
 * Connects the training view to a RunRecorder: a new run starts a recording, new epochs and rollout pictures are
 * handed over as the view grows, and the end of the run finishes it (final losses, ms/epoch, backend, weights).
 */
import { useEffect, useRef, useState } from "react";
import type { TrainingConfig } from "@/lib/ml/config";
import { api } from "../_lib/api";
import { RunRecorder, type RecorderState } from "./run-recorder";
import { isActive, type TrainingView } from "./training-state";

export function useRunRecorder(view: TrainingView, config: TrainingConfig | null, classroomId: string | null): RecorderState | null {
  const [state, setState] = useState<RecorderState | null>(null);
  const recorder = useRef<{ runId: string; recorder: RunRecorder; snapshots: number; rollouts: number; finished: boolean } | null>(null);

  useEffect(() => {
    const current = recorder.current;
    if (view.runId && config && isActive(view.phase) && current?.runId !== view.runId) {
      current?.recorder.dispose();
      recorder.current = {
        runId: view.runId,
        recorder: new RunRecorder(api.runs, config, () => performance.now(), setState, classroomId),
        snapshots: 0,
        rollouts: 0,
        finished: false,
      };
    }
    const active = recorder.current;
    if (!active || active.runId !== view.runId) return;
    if (view.snapshots.length > active.snapshots) {
      active.recorder.addSnapshots(view.snapshots.slice(active.snapshots));
      active.snapshots = view.snapshots.length;
    }
    if (view.rollouts.length > active.rollouts) {
      active.recorder.addRollouts(view.rollouts.slice(active.rollouts));
      active.rollouts = view.rollouts.length;
    }
    const backend = view.backend && view.implementation ? `${view.backend}/${view.implementation}` : view.backend;
    if (!active.finished && view.outcome) {
      active.finished = true;
      void active.recorder.finish(view.outcome, view.weights, backend);
    } else if (!active.finished && view.phase === "error") {
      // The worker crashed: what reached the server is kept, marked failed.
      active.finished = true;
      const last = view.snapshots.at(-1);
      const outcome = {
        status: "failed" as const,
        epochsCompleted: last?.epoch ?? 0,
        finalTrainLoss: last?.trainLoss ?? null,
        finalValLoss: last?.valLoss ?? null,
        meanMsPerEpoch: last?.msPerEpoch ?? null,
        message: view.message,
      };
      void active.recorder.finish(outcome, null, backend);
    }
  }, [view, config, classroomId]);

  useEffect(() => {
    const onExit = () => {
      const active = recorder.current;
      if (active && !active.finished) active.recorder.flushOnExit();
    };
    window.addEventListener("pagehide", onExit);
    return () => {
      window.removeEventListener("pagehide", onExit);
      recorder.current?.recorder.dispose();
    };
  }, []);
  return state;
}
