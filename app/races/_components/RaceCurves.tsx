"use client";
/** Everyone's loss curves in one chart: mine highlighted, hover (or focus in the board) names the run and its model. */
import { useMemo, useState } from "react";
import { LossChart, type LossSeries } from "@/app/components/charts/LossChart";
import type { RunView } from "@/lib/race/views";
import { useI18n } from "../../_lib/i18n";
import { configLine } from "./Leaderboard";

export function RaceCurves({ runs, highlightRunId, maxEpoch, height, large = false }: { runs: readonly RunView[]; highlightRunId?: string | null; maxEpoch: number; height?: number; large?: boolean }) {
  const i18n = useI18n();
  const t = i18n.m.race.room;
  const [logScale, setLogScale] = useState(true);
  const [hovered, setHovered] = useState<string | null>(null);
  const series = useMemo<LossSeries[]>(
    () =>
      runs.map((run) => ({
        id: run.runId,
        label: `${run.displayName}: ${configLine(i18n, run)}`,
        // The validation loss when the race keeps a validation split (it does by its rules), else training loss.
        points: run.points.map(([epoch, train, val]) => ({ epoch, loss: val ?? train })),
      })),
    [runs, i18n],
  );
  const hoveredRun = runs.find((r) => r.runId === hovered);
  return (
    <div data-testid="race-curves">
      <LossChart
        series={series}
        highlightedId={hovered ?? highlightRunId ?? null}
        logScale={logScale}
        onLogScaleChange={setLogScale}
        maxEpoch={maxEpoch}
        height={height}
        large={large}
        onHoverSeries={setHovered}
        labels={{ title: t.curves, epochAxis: t.epochAxis, lossAxis: t.lossAxis, logScale: t.logScale, noData: t.noData }}
      />
      <p role="status" data-testid="curve-hover" className={`min-h-6 text-slate-800 ${large ? "text-xl" : "text-sm"}`}>
        {hoveredRun ? `${hoveredRun.displayName}: ${configLine(i18n, hoveredRun)}` : ""}
      </p>
    </div>
  );
}
