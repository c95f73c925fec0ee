"use client";
/**
 * The top three of the published standings (the public board, the private one once revealed: the same rows as the
 * boards beside it): place, name, the counted run's model, score and curve. Unscored students get no place.
 */
import { LossChart } from "@/app/components/charts/LossChart";
import type { RunView } from "@/lib/race/views";
import { format } from "@/lib/i18n";
import { useI18n } from "../../_lib/i18n";
import type { TRaceBoard } from "@/lib/scoring/views";
import { useMemo } from "react";
import { podium } from "@/lib/race/standings";
import { configLine } from "./Leaderboard";
const HEIGHTS = ["sm:mt-0", "sm:mt-8", "sm:mt-14"];

export function Podium({ board, runs, large = false }: { board: TRaceBoard["board"] | null; runs: readonly RunView[]; large?: boolean }) {
  const i18n = useI18n();
  const t = i18n.m.race.room;
  const top = useMemo(() => (board ? podium(board, runs) : []), [board, runs]);
  if (top.length === 0) return null;
  return (
    <section aria-label={t.podium} data-testid="podium" className="rounded-lg border-2 border-amber-500 bg-amber-50 p-4">
      <h2 className={`mb-3 font-bold ${large ? "text-4xl" : "text-2xl"}`}>{t.podium}</h2>
      {/* grid-cols-1 and min-w-0: on a phone the places stack and their charts shrink to the screen. */}
      <ol className="grid grid-cols-1 gap-4 sm:grid-cols-3">
        {top.map(({ row, run, displayName }, i) => (
          <li key={run.runId} className={`min-w-0 rounded-lg bg-white p-3 shadow ${HEIGHTS[i]}`} data-testid="podium-place" data-user={displayName}>
            <p className={`font-bold ${large ? "text-3xl" : "text-xl"}`}>
              {t.place[row.rank - 1] ?? t.place[i]} · {displayName}
            </p>
            <p className="text-slate-800">{configLine(i18n, run)}</p>
            <p className="font-mono" data-testid="podium-score">
              {format(t.podiumScore, { score: i18n.fmt.loss(row.score) })}
            </p>
            <LossChart
              series={[{ id: run.runId, label: run.displayName, points: run.points.map(([epoch, train, val]) => ({ epoch, loss: val ?? train })) }]}
              logScale
              height={large ? 240 : 120}
              large={large}
              labels={{ title: "", description: format(t.podiumCurve, { name: displayName }), epochAxis: t.epochAxis, lossAxis: t.lossAxis, logScale: t.logScale, noData: t.noData }}
            />
          </li>
        ))}
      </ol>
    </section>
  );
}
