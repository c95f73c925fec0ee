"use client";
/**
 * Loss curves for one student or a whole room: many series, one highlighted, linear or log scale.
 * d3 computes scales, ticks and paths; React renders the SVG, so updates are plain re-renders.
 */
import { extent, line, max, scaleLinear, scaleLog } from "d3";
import { useId, useMemo } from "react";
import { useI18n } from "@/app/_lib/i18n";
import { colorAt } from "./palette";
import { labelWidth, spacedLabels } from "./tick-spacing";
import { useElementWidth } from "./use-element-width";

export interface LossPoint {
  epoch: number;
  loss: number;
}

export interface LossSeries {
  id: string;
  label: string;
  points: readonly LossPoint[];
  /** Defaults to the palette colour at the series' index. */
  color?: string;
  dashed?: boolean;
}

export interface LossChartProps {
  series: readonly LossSeries[];
  /** Drawn thicker and on top; the others are dimmed. */
  highlightedId?: string | null;
  logScale: boolean;
  /** When given, the chart shows a log-scale toggle button that reports here. */
  onLogScaleChange?: (logScale: boolean) => void;
  /** Fixes the x axis (e.g. a race's epoch budget); otherwise it follows the data. */
  maxEpoch?: number;
  height?: number;
  /** Called with a series id when the pointer enters its line, null when it leaves. */
  onHoverSeries?: (id: string | null) => void;
  /** `description` names the picture for screen readers when it has no visible title (the podium's small charts). */
  labels: { title: string; epochAxis: string; lossAxis: string; logScale: string; noData: string; description?: string };
  /** Projector size: labels readable from the back of a room (ticks 18 px, axis names 20 px). */
  large?: boolean;
}

/** Margins and type per size: the left margin holds the loss labels, the bottom one the epochs and the axis name. */
const SIZES = {
  normal: { margin: { top: 12, right: 16, bottom: 40, left: 64 }, tickPx: 11, axisPx: 12, tickY: 18, axisY: 34, axisX: -50 },
  large: { margin: { top: 16, right: 24, bottom: 64, left: 100 }, tickPx: 18, axisPx: 20, tickY: 28, axisY: 56, axisX: -80 },
};
/** More points than pixels only costs time: long series are thinned to about this many per line. */
const MAX_POINTS_PER_LINE = 1200;

function thin(points: readonly LossPoint[]): readonly LossPoint[] {
  if (points.length <= MAX_POINTS_PER_LINE) return points;
  const stride = Math.ceil(points.length / MAX_POINTS_PER_LINE);
  const out = points.filter((_, i) => i % stride === 0);
  const last = points[points.length - 1] as LossPoint;
  if (out[out.length - 1] !== last) out.push(last);
  return out;
}

export function LossChart({ series, highlightedId = null, logScale, onLogScaleChange, maxEpoch, height = 280, onHoverSeries, labels, large = false }: LossChartProps) {
  const size = SIZES[large ? "large" : "normal"];
  const MARGIN = size.margin;
  const { fmt } = useI18n();
  const [containerRef, width] = useElementWidth<HTMLDivElement>(640);
  const titleId = useId();
  const innerWidth = Math.max(width - MARGIN.left - MARGIN.right, 10);
  const innerHeight = Math.max(height - MARGIN.top - MARGIN.bottom, 10);
  const drawable = useMemo(
    () =>
      series.map((s, index) => ({
        ...s,
        color: s.color ?? colorAt(index),
        // A log axis cannot show 0 or negatives; MSE is never negative and exactly 0 only in theory.
        points: thin(s.points.filter((p) => Number.isFinite(p.loss) && (!logScale || p.loss > 0))),
      })),
    [series, logScale],
  );
  const allPoints = drawable.flatMap((s) => s.points);
  const hasData = allPoints.length > 0;

  const xMax = maxEpoch ?? Math.max(max(allPoints, (p) => p.epoch) ?? 1, 2);
  const x = scaleLinear().domain([1, xMax]).range([0, innerWidth]);
  const [lo, hi] = extent(allPoints, (p) => p.loss) as [number | undefined, number | undefined];
  const y = logScale
    ? scaleLog()
        .domain([lo ?? 1e-3, hi ?? 1])
        .range([innerHeight, 0])
        .nice()
    : scaleLinear()
        .domain([0, hi ?? 1])
        .range([innerHeight, 0])
        .nice();
  const path = line<LossPoint>()
    .x((p) => x(p.epoch))
    .y((p) => y(p.loss));
  const xTicks = x.ticks(Math.max(2, Math.floor(innerWidth / (large ? 120 : 80))));
  // About one number per 30 px of height, so a small chart's numbers never overlap.
  const yTickCount = Math.min(5, Math.max(2, Math.floor(innerHeight / 30)));
  const yTicks = y.ticks(yTickCount);
  // On a log axis d3 returns "" for ticks it would crowd; those keep their grid line without a number.
  const crowded = y.tickFormat(yTickCount, "~g");
  const yLabels = yTicks.map((tick) => (crowded(tick) === "" ? "" : fmt.axis(tick)));
  // Small charts and big type leave room for fewer labels than d3 proposes: the ones that would touch are dropped.
  const yShown = spacedLabels(
    yTicks.map((tick, i) => (yLabels[i] === "" ? Number.NaN : y(tick))),
    size.tickPx * 1.4,
  );
  const xLabels = xTicks.map((tick) => fmt.integer(tick));
  const xShown = spacedLabels(
    xTicks.map((tick) => x(tick)),
    Math.max(...xLabels.map((label) => labelWidth(label, size.tickPx)), 0),
  );
  // The highlighted series last, so it is drawn on top.
  const ordered = highlightedId === null ? drawable : [...drawable.filter((s) => s.id !== highlightedId), ...drawable.filter((s) => s.id === highlightedId)];

  return (
    <figure className="w-full min-w-0" aria-labelledby={labels.title ? titleId : undefined} aria-label={labels.title ? undefined : labels.description}>
      <div className={`flex flex-wrap items-center justify-between gap-2 ${labels.title || onLogScaleChange ? "mb-2" : ""}`}>
        {labels.title && (
          <figcaption id={titleId} className={`font-semibold text-slate-900 ${large ? "text-2xl" : "text-base"}`}>
            {labels.title}
          </figcaption>
        )}
        {onLogScaleChange && (
          <button
            type="button"
            aria-pressed={logScale}
            onClick={() => onLogScaleChange(!logScale)}
            className={`rounded-md border border-slate-400 px-3 py-1.5 font-medium ${large ? "text-xl" : "text-sm"} text-slate-900 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700 aria-pressed:border-blue-800 aria-pressed:bg-blue-800 aria-pressed:text-white`}
          >
            {labels.logScale}
          </button>
        )}
      </div>
      <div ref={containerRef} className="relative w-full">
        <svg width={width} height={height} role="img" aria-labelledby={labels.title ? titleId : undefined} aria-label={labels.title ? undefined : labels.description} className="block overflow-visible" data-testid="loss-chart">
          <g transform={`translate(${MARGIN.left},${MARGIN.top})`}>
            {yTicks.map((t, i) => (
              <g key={`y${t}`} transform={`translate(0,${y(t)})`}>
                <line x2={innerWidth} stroke="#e2e8f0" />
                {yShown[i] && (
                  <text x={-8} dy="0.32em" textAnchor="end" className="fill-slate-700" fontSize={size.tickPx} data-testid="y-tick">
                    {yLabels[i]}
                  </text>
                )}
              </g>
            ))}
            {xTicks.map((t, i) => (
              <g key={`x${t}`} transform={`translate(${x(t)},${innerHeight})`}>
                <line y2={5} stroke="#64748b" />
                {xShown[i] && (
                  <text y={size.tickY} textAnchor="middle" className="fill-slate-700" fontSize={size.tickPx} data-testid="x-tick">
                    {xLabels[i]}
                  </text>
                )}
              </g>
            ))}
            <line y1={innerHeight} x2={innerWidth} y2={innerHeight} stroke="#64748b" />
            <line y2={innerHeight} stroke="#64748b" />
            <text x={innerWidth / 2} y={innerHeight + size.axisY} textAnchor="middle" className="fill-slate-800" fontSize={size.axisPx}>
              {labels.epochAxis}
            </text>
            <text transform={`translate(${size.axisX},${innerHeight / 2}) rotate(-90)`} textAnchor="middle" className="fill-slate-800" fontSize={size.axisPx}>
              {labels.lossAxis}
            </text>
            {ordered.map((s) => {
              const dimmed = highlightedId !== null && s.id !== highlightedId;
              const latest = s.points[s.points.length - 1];
              return (
                <g key={s.id} data-series={s.id}>
                  <path
                    d={path(s.points as LossPoint[]) ?? undefined}
                    fill="none"
                    stroke={s.color}
                    strokeWidth={s.id === highlightedId ? 3 : 1.75}
                    strokeOpacity={dimmed ? 0.35 : 1}
                    strokeDasharray={s.dashed ? "6 4" : undefined}
                    onPointerEnter={onHoverSeries ? () => onHoverSeries(s.id) : undefined}
                    onPointerLeave={onHoverSeries ? () => onHoverSeries(null) : undefined}
                  />
                  {/* The latest point, so a curve is visible from its first epoch and its head is easy to follow. */}
                  {latest && <circle cx={x(latest.epoch)} cy={y(latest.loss)} r={s.id === highlightedId ? 4 : 3} fill={s.color} fillOpacity={dimmed ? 0.35 : 1} />}
                </g>
              );
            })}
          </g>
        </svg>
        {!hasData && <p className={`absolute inset-0 flex items-center justify-center px-16 text-center text-slate-600 ${large ? "text-2xl" : "text-sm"}`}>{labels.noData}</p>}
      </div>
      {drawable.length > 1 && (
        <ul className={`mt-2 flex flex-wrap gap-x-4 gap-y-1 text-slate-800 ${large ? "text-xl" : "text-sm"}`}>
          {drawable.map((s) => (
            <li key={s.id} className="flex items-center gap-1.5">
              <svg width="20" height="8" aria-hidden="true">
                <line x1="0" y1="4" x2="20" y2="4" stroke={s.color} strokeWidth="3" strokeDasharray={s.dashed ? "5 3" : undefined} />
              </svg>
              {s.label}
            </li>
          ))}
        </ul>
      )}
    </figure>
  );
}
