"use client";
/**
 * A selected student's latest "Correct vs Predicted" picture, over the race's true series, in its own card: with
 * nobody selected (a teacher has no run of their own) or the series still loading, nothing at all, not an empty card.
 */
import { Card } from "../../_components/form";
import { RolloutChart, RolloutLegend } from "@/app/components/charts/RolloutChart";
import { useRaceSeries } from "./use-race-series";
import type { RunView } from "@/lib/race/views";
import type { RaceView } from "@/lib/realtime/race";
import { format } from "@/lib/i18n";
import { useI18n } from "../../_lib/i18n";

export function RolloutPanel({ race, run }: { race: RaceView; run: RunView | undefined }) {
  const { m } = useI18n();
  const t = m.race.room;
  const data = useRaceSeries(race);
  const truth = data.status === "ready" ? data.truth : null;
  if (!run || !truth) return null;
  return (
    <Card>
      <section aria-label={format(t.rolloutTitle, { name: run.displayName })} data-testid="rollout-panel">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 className="text-lg font-bold">{format(t.rolloutTitle, { name: run.displayName })}</h2>
          <RolloutLegend correct={m.playground.charts.correct} predicted={m.playground.charts.predicted} />
        </div>
        <RolloutChart truth={truth} predicted={run.rollout?.predicted ?? null} window={race.rules.window} height={180} showAxes label={format(t.rolloutLabel, { name: run.displayName })} />
        {!run.rollout && <p className="text-sm text-slate-700">{t.rolloutNone}</p>}
      </section>
    </Card>
  );
}
