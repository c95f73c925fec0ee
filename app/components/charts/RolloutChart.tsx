"use client";
/**
 * One "Correct vs Predicted" picture, as in the seed lesson: the true series, and the model's autoregressive
 * rollout that starts after the first window. Used alone (a selected student in a race) or in the grid.
 */
import { extent, line, scaleLinear } from "d3";
import { useId } from "react";
import { useI18n } from "@/app/_lib/i18n";
import { PREDICTION_COLOR, TRUTH_COLOR } from "./palette";
import { useElementWidth } from "./use-element-width";

export interface RolloutChartProps {
  truth: readonly number[];
  /** Predictions for indices window, window+1, …; null draws the truth alone (a picture still to come). */
  predicted: readonly number[] | null;
  window: number;
  height?: number;
  /** Accessible description of the picture. */
  label: string;
  /** Numbers along both axes (the value, and the time step along the series). */
  showAxes?: boolean;
  /** A title under the time axis (the enlarged picture has room for it). */
  stepAxis?: string;
}

/** Which line is which: the lesson's "Correct" and "Predicted" (正解 / 予測). */
export function RolloutLegend({ correct, predicted }: { correct: string; predicted: string }) {
  return (
    <p className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm text-slate-800">
      <span className="flex items-center gap-1.5">
        <span className="inline-block h-0.5 w-5" style={{ background: TRUTH_COLOR }} aria-hidden="true" />
        {correct}
      </span>
      <span className="flex items-center gap-1.5">
        <span className="inline-block h-1 w-5" style={{ background: PREDICTION_COLOR }} aria-hidden="true" />
        {predicted}
      </span>
    </p>
  );
}

export function RolloutChart({ truth, predicted, window, height = 120, label, showAxes = false, stepAxis }: RolloutChartProps) {
  const { fmt } = useI18n();
  const [containerRef, width] = useElementWidth<HTMLDivElement>(200);
  const margin = showAxes ? { top: 8, right: 10, bottom: stepAxis ? 40 : 22, left: 36 } : { top: 4, right: 4, bottom: 4, left: 4 };
  const innerWidth = Math.max(width - margin.left - margin.right, 10);
  const innerHeight = Math.max(height - margin.top - margin.bottom, 10);
  const x = scaleLinear().domain([0, Math.max(truth.length - 1, 1)]).range([0, innerWidth]);
  // Both lines share the y range; a wild prediction is clipped rather than squashing the truth flat.
  const [lo, hi] = extent(truth) as [number | undefined, number | undefined];
  const pad = ((hi ?? 1) - (lo ?? -1)) * 0.15 || 1;
  const y = scaleLinear()
    .domain([(lo ?? -1) - pad, (hi ?? 1) + pad])
    .range([innerHeight, 0]);
  const path = line<number>()
    .defined(Number.isFinite)
    .x((_, i) => x(i))
    .y((v) => y(v));
  const predictedPath = line<number>()
    .defined(Number.isFinite)
    .x((_, i) => x(i + window))
    .y((v) => y(v));
  const clipId = `clip${useId().replace(/:/g, "")}`;

  return (
    <div ref={containerRef} className="w-full">
      <svg width={width} height={height} role="img" aria-label={label} className="block">
        <defs>
          <clipPath id={clipId}>
            <rect width={innerWidth} height={innerHeight} />
          </clipPath>
        </defs>
        <g transform={`translate(${margin.left},${margin.top})`}>
          <rect width={innerWidth} height={innerHeight} fill="#f8fafc" stroke="#cbd5e1" />
          {showAxes &&
            y.ticks(innerHeight < 100 ? 3 : 5).map((t) => (
              <text key={t} x={-6} y={y(t)} dy="0.32em" textAnchor="end" className="fill-slate-700 text-[10px]">
                {fmt.axis(t)}
              </text>
            ))}
          {showAxes &&
            x.ticks(Math.max(2, Math.min(6, Math.floor(innerWidth / 50)))).map((t) => (
              <text key={`x${t}`} x={x(t)} y={innerHeight + 14} textAnchor="middle" className="fill-slate-700 text-[10px]">
                {fmt.integer(t)}
              </text>
            ))}
          {stepAxis && (
            <text x={innerWidth / 2} y={innerHeight + 32} textAnchor="middle" className="fill-slate-800 text-xs">
              {stepAxis}
            </text>
          )}
          {/* The first window is given, not predicted. */}
          <rect width={x(window)} height={innerHeight} fill="#e2e8f0" opacity={0.6} />
          <g clipPath={`url(#${clipId})`}>
            <path d={path(truth as number[]) ?? undefined} fill="none" stroke={TRUTH_COLOR} strokeWidth={1.5} data-line="correct" />
            {predicted && <path d={predictedPath(predicted as number[]) ?? undefined} fill="none" stroke={PREDICTION_COLOR} strokeWidth={2} data-line="predicted" />}
          </g>
        </g>
      </svg>
    </div>
  );
}
