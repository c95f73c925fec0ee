"use client";
/**
 * The seed lesson's small multiples: one "Correct vs Predicted" picture per rollout epoch, filling in as
 * training goes. Slots for pictures still to come are shown empty, so the grid does not jump around. Each drawn
 * picture has its axes and is a button that opens it large in a modal dialog (Escape or Close returns to it).
 */
import { useId, useRef, useState } from "react";
import { useI18n } from "@/app/_lib/i18n";
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

const ENLARGED_HEIGHT = 380;

export function RolloutGrid({ truth, window, panels, plannedEpochs = [], labels, panelHeight = 130 }: RolloutGridProps) {
  const { m } = useI18n();
  const t = m.playground.charts;
  const byEpoch = new Map(panels.map((p) => [p.epoch, p]));
  const epochs = [...new Set([...plannedEpochs, ...panels.map((p) => p.epoch)])].sort((a, b) => a - b);
  const dialog = useRef<HTMLDialogElement | null>(null);
  const opener = useRef<HTMLButtonElement | null>(null);
  const [open, setOpen] = useState<RolloutPanel | null>(null);
  const titleId = useId();

  const enlarge = (panel: RolloutPanel, button: HTMLButtonElement) => {
    opener.current = button;
    setOpen(panel);
    dialog.current?.showModal();
  };

  return (
    <section aria-label={labels.title}>
      <div className="mb-2 flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="text-base font-semibold text-slate-900">{labels.title}</h2>
        <RolloutLegend correct={labels.correct} predicted={labels.predicted} />
      </div>
      {labels.intro && <p className="mb-3 text-sm text-slate-700">{labels.intro}</p>}
      <ol className="grid grid-cols-1 gap-3 min-[360px]:grid-cols-2 sm:grid-cols-3 lg:grid-cols-3 xl:grid-cols-4" data-testid="rollout-grid">
        {epochs.map((epoch) => {
          const panel = byEpoch.get(epoch);
          const caption = panel ? labels.caption(epoch, panel.mse) : labels.pending(epoch);
          return (
            <li key={epoch} className="relative min-w-0 rounded-md border border-slate-200 bg-white p-1.5 hover:bg-slate-50" data-filled={panel ? "true" : "false"}>
              <RolloutChart truth={truth} predicted={panel?.predicted ?? null} window={window} height={panelHeight} label={caption} showAxes />
              {panel ? (
                // The caption is the button; its ::after covers the whole picture, so a click anywhere on it enlarges.
                <button
                  type="button"
                  className="mt-1 block w-full cursor-zoom-in rounded text-center text-xs text-slate-900 underline decoration-dotted after:absolute after:inset-0 after:content-[''] focus-visible:outline-2 focus-visible:outline-blue-700"
                  onClick={(event) => enlarge(panel, event.currentTarget)}
                >
                  <span className="sr-only">{t.enlarge} </span>
                  {caption}
                </button>
              ) : (
                <p className="mt-1 text-center text-xs text-slate-600">{caption}</p>
              )}
            </li>
          );
        })}
      </ol>
      <dialog
        ref={dialog}
        aria-labelledby={titleId}
        className="m-auto w-[min(56rem,calc(100vw-1rem))] rounded-lg p-4 shadow-xl backdrop:bg-slate-900/60"
        onClose={() => {
          setOpen(null);
          opener.current?.focus();
        }}
      >
        {open && (
          <>
            <div className="mb-2 flex flex-wrap items-baseline justify-between gap-2">
              <h2 id={titleId} className="text-lg font-bold text-slate-900">
                {labels.title}: {labels.caption(open.epoch, open.mse)}
              </h2>
              <RolloutLegend correct={labels.correct} predicted={labels.predicted} />
            </div>
            <RolloutChart truth={truth} predicted={open.predicted} window={window} height={ENLARGED_HEIGHT} label={labels.caption(open.epoch, open.mse)} showAxes stepAxis={t.stepAxis} />
            <div className="mt-3 flex justify-end">
              <button type="button" onClick={() => dialog.current?.close()} className="rounded-md bg-blue-800 px-4 py-2 text-sm font-semibold text-white hover:bg-blue-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700">
                {t.close}
              </button>
            </div>
          </>
        )}
      </dialog>
    </section>
  );
}
