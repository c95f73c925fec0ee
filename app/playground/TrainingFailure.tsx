"use client";
/**
 * Why a run failed or could not run, in the reader's words: a diverged loss (the usual cause: a learning rate too
 * high) is explained with the run's own numbers; anything else (the worker crashed, a backend is missing) gets a
 * general explanation, with the engine's English text kept as technical details for the teacher.
 */
import { format } from "@/lib/i18n";
import type { TrainingConfig } from "@/lib/ml/config";
import { useI18n } from "../_lib/i18n";
import type { TrainingView } from "./training-state";

export function TrainingFailure({ view, config }: { view: TrainingView; config: TrainingConfig | null }) {
  const { m, fmt } = useI18n();
  const t = m.playground.failure;
  if (view.phase !== "failed" && view.phase !== "error") return null;
  const divergence = view.outcome?.divergence;
  return (
    <div role="alert" className="mt-3 rounded-md border border-red-700 bg-red-50 p-3 text-sm text-red-900" data-testid="training-failure">
      <p>
        {divergence && config
          ? format(t.diverged, {
              epoch: fmt.integer(divergence.epoch),
              loss: divergence.loss === "training" ? t.trainingLoss : t.validationLoss,
              learningRate: fmt.setting(config.optimizer.learningRate),
            })
          : t.workerError}
      </p>
      {!divergence && view.message && (
        <details className="mt-2">
          <summary className="cursor-pointer rounded focus-visible:outline-2 focus-visible:outline-blue-700">{m.common.technicalDetails}</summary>
          <p lang="en" className="mt-1 font-mono text-xs break-words">
            {view.message}
          </p>
        </details>
      )}
    </div>
  );
}
