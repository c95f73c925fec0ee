"use client";
/**
 * The seed lesson's small multiples: one "Correct vs Predicted" picture per rollout epoch, filling in as
 * training goes. Slots for pictures still to come are shown empty, so the grid does not jump around.
 */
import { RolloutChart, RolloutLegend } from "./RolloutChart";

export interface RolloutPanel {
  epoch: number;
  predicted: readonly number[];
  mse: number;
}

export interface RolloutGridProps {
  truth: readonly number[];
  window: number;
  panels: readonly RolloutPanel[];
  /** Epochs at which pictures are expected; panels not yet drawn show as empty slots. */
  plannedEpochs?: readonly number[];
  labels: {
    title: string;
    intro?: string;
    correct: string;
    predicted: string;
    caption: (epoch: number, mse: number) => string;
    pending: (epoch: number) => string;
  };
  panelHeight?: number;
}

export function RolloutGrid({ truth, window, panels, plannedEpochs = [], labels, panelHeight = 110 }: RolloutGridProps) {
  const byEpoch = new Map(panels.map((p) => [p.epoch, p]));
  const epochs = [...new Set([...plannedEpochs, ...panels.map((p) => p.epoch)])].sort((a, b) => a - b);
  return (
    <section aria-label={labels.title}>
      <div className="mb-2 flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="text-base font-semibold text-slate-900">{labels.title}</h2>
        <RolloutLegend correct={labels.correct} predicted={labels.predicted} />
      </div>
      {labels.intro && <p className="mb-3 text-sm text-slate-700">{labels.intro}</p>}
      <ol className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-4 xl:grid-cols-5" data-testid="rollout-grid">
        {epochs.map((epoch) => {
          const panel = byEpoch.get(epoch);
          const caption = panel ? labels.caption(epoch, panel.mse) : labels.pending(epoch);
          return (
            <li key={epoch} className="rounded-md border border-slate-200 bg-white p-1.5" data-filled={panel ? "true" : "false"}>
              <RolloutChart truth={truth} predicted={panel?.predicted ?? null} window={window} height={panelHeight} label={caption} />
              <p className={`mt-1 text-center text-xs ${panel ? "text-slate-900" : "text-slate-500"}`}>{caption}</p>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
