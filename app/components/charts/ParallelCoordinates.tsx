"use client";
/**
 * Parallel coordinates: one vertical axis per hyperparameter and one for the score, one line per run, coloured by
 * its score's rank (best = dark violet, worst = green). Dragging on an axis (d3 brush) keeps only the runs inside the range; the lines
 * outside are greyed. d3 computes scales and brushes; React renders the SVG.
 */
import { brushY, interpolateViridis, line, scaleLinear, scaleLog, scalePoint, select } from "d3";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { brushFilter, type AxisKey, type ParallelData } from "@/lib/history/parallel";
import { useI18n } from "@/app/_lib/i18n";
import { useElementWidth } from "./use-element-width";

export interface ParallelCoordinatesProps {
  data: ParallelData;
  height?: number;
  labels: { title: string; axes: Record<AxisKey, string>; clear: string; category?: (axis: AxisKey, value: string) => string };
  onSelect?: (ids: string[]) => void;
}

const MARGIN = { top: 28, right: 40, bottom: 16, left: 40 };
const INTEGER_AXES = new Set<AxisKey>(["layers", "hidden", "batchSize", "epochs"]);

type Scale = ((value: string | number) => number) & { ticks?: () => number[] };

export function ParallelCoordinates({ data, height = 320, labels, onSelect }: ParallelCoordinatesProps) {
  const { fmt } = useI18n();
  const [containerRef, width] = useElementWidth<HTMLDivElement>(720);
  const titleId = useId();
  const innerWidth = Math.max(width - MARGIN.left - MARGIN.right, 50);
  const innerHeight = height - MARGIN.top - MARGIN.bottom;
  const [brushes, setBrushes] = useState<Partial<Record<AxisKey, [number, number] | string[]>>>({});
  const axisRefs = useRef(new Map<AxisKey, SVGGElement>());

  const x = useMemo(
    () =>
      scalePoint<AxisKey>()
        .domain(data.axes.map((a) => a.key))
        .range([0, innerWidth]),
    [data.axes, innerWidth],
  );
  const scales = useMemo(() => {
    const out = new Map<AxisKey, { scale: Scale; invert: (y: number) => number | null; ticks: (string | number)[] }>();
    for (const axis of data.axes) {
      if (axis.kind === "category") {
        const s = scalePoint<string>().domain(axis.domain).range([innerHeight, 0]).padding(0.5);
        out.set(axis.key, { scale: ((v: string | number) => s(String(v)) ?? 0) as Scale, invert: () => null, ticks: axis.domain });
      } else {
        const s = (axis.kind === "log" ? scaleLog() : scaleLinear()).domain(axis.domain).range([innerHeight, 0]);
        // A log axis over a few decades offers every 1–9 multiple: keep the ones d3 would label; counts of layers,
        // units, epochs and batch sizes are whole numbers.
        const labelled = s.tickFormat(5, "~g");
        const ticks = s.ticks(5).filter((tick) => labelled(tick) !== "" && (!INTEGER_AXES.has(axis.key) || Number.isInteger(tick)));
        out.set(axis.key, { scale: ((v: string | number) => s(Number(v))) as Scale, invert: (y) => s.invert(y), ticks });
      }
    }
    return out;
  }, [data.axes, innerHeight]);

  // Colour by rank, not by value: one diverged run must not wash every other line into the same shade.
  const color = useMemo(() => {
    const sorted = [...data.lines].sort((a, b) => a.score - b.score);
    const rank = new Map(sorted.map((line, i) => [line.id, sorted.length > 1 ? i / (sorted.length - 1) : 0]));
    return (id: string) => interpolateViridis(0.85 * (rank.get(id) ?? 0));
  }, [data.lines]);

  const selected = useMemo(() => new Set(brushFilter(data.lines, brushes).map((l) => l.id)), [data.lines, brushes]);
  useEffect(() => onSelect?.([...selected]), [selected, onSelect]);

  // Brushes: one per axis, rebuilt when the geometry changes. Categories select the values inside the range.
  useEffect(() => {
    for (const axis of data.axes) {
      const node = axisRefs.current.get(axis.key);
      const entry = scales.get(axis.key);
      if (!node || !entry) continue;
      const brush = brushY()
        .extent([
          [-10, 0],
          [10, innerHeight],
        ])
        .on("end", (event: { selection: [number, number] | null }) => {
          setBrushes((current) => {
            const next = { ...current };
            if (!event.selection) delete next[axis.key];
            else if (axis.kind === "category") {
              const [y0, y1] = event.selection;
              next[axis.key] = axis.domain.filter((value) => {
                const y = entry.scale(value);
                return y >= y0 && y <= y1;
              });
            } else next[axis.key] = [entry.invert(event.selection[1])!, entry.invert(event.selection[0])!];
            return next;
          });
        });
      select(node).call(brush);
    }
  }, [data.axes, scales, innerHeight]);

  const path = line<[number, number]>();
  const anyBrush = Object.keys(brushes).length > 0;

  return (
    <figure className="w-full" aria-labelledby={titleId}>
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <figcaption id={titleId} className="text-base font-semibold text-slate-900">
          {labels.title}
        </figcaption>
        {anyBrush && (
          <button
            type="button"
            className="rounded-md border border-slate-400 px-3 py-1.5 text-sm font-medium text-slate-900 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-blue-700"
            onClick={() => {
              setBrushes({});
              for (const node of axisRefs.current.values()) select(node).call(brushY().clear as never);
            }}
          >
            {labels.clear}
          </button>
        )}
      </div>
      <div ref={containerRef} className="w-full overflow-x-auto">
        <svg width={width} height={height} role="img" aria-labelledby={titleId} data-testid="parallel-chart" data-lines={data.lines.length} data-selected={selected.size}>
          <g transform={`translate(${MARGIN.left},${MARGIN.top})`}>
            <g fill="none">
              {data.lines.map((l) => {
                const points = data.axes.map((a) => [x(a.key) ?? 0, scales.get(a.key)!.scale(l.values[a.key])] as [number, number]);
                const on = selected.has(l.id);
                return (
                  <path key={l.id} d={path(points) ?? undefined} stroke={on ? color(l.id) : "#cbd5e1"} strokeOpacity={on ? 0.85 : 0.35} strokeWidth={on ? 1.5 : 1} strokeDasharray={l.verified ? undefined : "4 2"}>
                    <title>{`${l.label}: ${fmt.loss(l.score)}`}</title>
                  </path>
                );
              })}
            </g>
            {data.axes.map((axis) => {
              const entry = scales.get(axis.key)!;
              return (
                <g key={axis.key} transform={`translate(${x(axis.key) ?? 0},0)`}>
                  <line y2={innerHeight} stroke="#334155" />
                  <text y={-12} textAnchor="middle" className="fill-slate-900 text-xs font-semibold">
                    {labels.axes[axis.key]}
                  </text>
                  {entry.ticks.map((tick) => (
                    <g key={String(tick)} transform={`translate(0,${entry.scale(tick)})`}>
                      <line x2={-4} stroke="#334155" />
                      <text x={-6} dy="0.32em" textAnchor="end" className="fill-slate-700 text-[10px]" style={{ paintOrder: "stroke" }} stroke="white" strokeWidth={3}>
                        {typeof tick === "number" ? fmt.axis(tick) : (labels.category?.(axis.key, tick) ?? tick)}
                      </text>
                    </g>
                  ))}
                  <g
                    ref={(node) => {
                      if (node) axisRefs.current.set(axis.key, node);
                    }}
                  />
                </g>
              );
            })}
          </g>
        </svg>
      </div>
    </figure>
  );
}
