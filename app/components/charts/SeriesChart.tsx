"use client";
/**
 * One series as a line, in its own units: the preview of an upload before it is saved, a library entry, or a race's
 * data as the teacher sets it up (the held-back end shaded, so the split is visible before students see anything).
 * The x axis names the first and last times when the series has them.
 */
import { extent, line, scaleLinear } from "d3";
import { useI18n } from "@/app/_lib/i18n";
import { TRUTH_COLOR } from "./palette";
import { useElementWidth } from "./use-element-width";

export interface SeriesChartProps {
  values: readonly number[];
  times?: readonly string[] | null;
  /** The last this many points are the held-back part of a race: shaded and drawn apart. */
  heldBack?: number;
  height?: number;
  /** Accessible description of the picture. */
  label: string;
}

const HELD_BACK_COLOR = "#b45309";

export function SeriesChart({ values, times = null, heldBack = 0, height = 160, label }: SeriesChartProps) {
  const { fmt } = useI18n();
  const [containerRef, width] = useElementWidth<HTMLDivElement>(320);
  const margin = { top: 8, right: 12, bottom: times ? 26 : 10, left: 52 };
  const innerWidth = Math.max(width - margin.left - margin.right, 10);
  const innerHeight = Math.max(height - margin.top - margin.bottom, 10);
  const x = scaleLinear().domain([0, Math.max(values.length - 1, 1)]).range([0, innerWidth]);
  const [lo, hi] = extent(values) as [number | undefined, number | undefined];
  const pad = ((hi ?? 1) - (lo ?? 0)) * 0.08 || 1;
  const y = scaleLinear()
    .domain([(lo ?? 0) - pad, (hi ?? 1) + pad])
    .range([innerHeight, 0]);
  const split = Math.max(0, values.length - Math.max(0, heldBack));
  const path = (from: number, to: number) =>
    line<number>()
      .x((_, i) => x(i + from))
      .y((v) => y(v))(values.slice(from, to) as number[]) ?? undefined;

  return (
    <div ref={containerRef} className="w-full" data-testid="series-chart" data-points={values.length} data-held-back={heldBack}>
      <svg width={width} height={height} role="img" aria-label={label} className="block">
        <g transform={`translate(${margin.left},${margin.top})`}>
          <rect width={innerWidth} height={innerHeight} fill="#f8fafc" stroke="#cbd5e1" />
          {heldBack > 0 && <rect x={x(Math.max(split - 1, 0))} width={innerWidth - x(Math.max(split - 1, 0))} height={innerHeight} fill="#fef3c7" />}
          {y.ticks(4).map((t) => (
            <text key={t} x={-6} y={y(t)} dy="0.32em" textAnchor="end" className="fill-slate-700 text-[10px]">
              {fmt.axis(t)}
            </text>
          ))}
          {times && times.length > 0 && (
            <>
              <text x={0} y={innerHeight + 16} className="fill-slate-700 text-[10px]">
                {times[0]}
              </text>
              <text x={innerWidth} y={innerHeight + 16} textAnchor="end" className="fill-slate-700 text-[10px]">
                {times[times.length - 1]}
              </text>
            </>
          )}
          <path d={path(0, split)} fill="none" stroke={TRUTH_COLOR} strokeWidth={1.5} data-line="visible" />
          {heldBack > 0 && <path d={path(Math.max(split - 1, 0), values.length)} fill="none" stroke={HELD_BACK_COLOR} strokeWidth={1.5} strokeDasharray="4 3" data-line="held-back" />}
        </g>
      </svg>
    </div>
  );
}
