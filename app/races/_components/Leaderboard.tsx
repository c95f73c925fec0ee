"use client";
/**
 * The live leaderboard: one row per student (their best run), ranked by the room's score (the verified score of
 * the run's counted submission), with a progress bar and the loss the student's browser reports, labelled
 * self-reported and never ranked. Students without a verified score are listed after the ranked ones, unranked.
 * Rows keep their identity across updates and slide to their new place (FLIP: measure, invert, play), unless the
 * user asked for reduced motion. The DOM order is the rank order, so screen readers read the board as shown.
 */
import { useLayoutEffect, useMemo, useRef } from "react";
import { selfReportedScore, standings } from "@/lib/race/ranking";
import type { RunView } from "@/lib/race/views";
import { format } from "@/lib/i18n";
import { NO_VALUE } from "@/lib/i18n/format-values";
import { optimizerName } from "@/lib/i18n/names";
import { useI18n, type I18n } from "../../_lib/i18n";

/** "LSTM 2×32, Adam lr 0.01, batch 8", in the reader's language. */
export function configLine({ m, fmt }: Pick<I18n, "m" | "fmt">, run: Pick<RunView, "config">): string {
  const c = run.config;
  return format(m.race.room.configLine, {
    cell: c.cell,
    layers: fmt.integer(c.layers),
    hidden: fmt.integer(c.hidden),
    optimizer: optimizerName(m, c.optimizer),
    lr: fmt.setting(c.learningRate),
    batch: fmt.integer(c.batchSize),
  });
}

/** Every student's line, best first: the ranked ones (verified score), then the unranked (no score yet). */
export function useStandings(runs: readonly RunView[]) {
  return useMemo(() => {
    const byId = new Map(runs.map((r) => [r.runId, r]));
    return standings(runs, (r) => r.score).map((s) => ({ ...s, ranked: s.score !== null, run: byId.get(s.runId)! }));
  }, [runs]);
}

export interface LeaderboardProps {
  runs: readonly RunView[];
  meId?: string;
  selectedRunId?: string | null;
  onSelect?: (runId: string) => void;
  /** Show at most this many rows (the projector shows the top of a big class). */
  limit?: number;
  large?: boolean;
}

export function Leaderboard({ runs, meId, selectedRunId, onSelect, limit, large = false }: LeaderboardProps) {
  const i18n = useI18n();
  const { m, fmt } = i18n;
  const t = m.race.room;
  const rows = useStandings(runs).slice(0, limit);
  const listRef = useRef<HTMLOListElement>(null);
  const previousTops = useRef(new Map<string, number>());

  useLayoutEffect(() => {
    const list = listRef.current;
    if (!list) return;
    const reduce = window.matchMedia?.("(prefers-reduced-motion: reduce)").matches;
    const tops = new Map<string, number>();
    for (const item of Array.from(list.children) as HTMLElement[]) {
      const key = item.dataset.key!;
      const top = item.offsetTop;
      tops.set(key, top);
      const before = previousTops.current.get(key);
      if (reduce || before === undefined || before === top) continue;
      item.animate([{ transform: `translateY(${before - top}px)` }, { transform: "translateY(0)" }], { duration: 450, easing: "ease-out" });
    }
    previousTops.current = tops;
  });

  if (rows.length === 0) return <p className="text-slate-700">{t.noRuns}</p>;
  const firstUnranked = rows.findIndex((r) => !r.ranked);
  return (
    <ol ref={listRef} aria-label={t.leaderboard} data-testid="live-board" className={`divide-y divide-slate-200 ${large ? "text-2xl" : ""}`}>
      {rows.map(({ rank, userId, score, ranked, run }, index) => {
        const mine = userId === meId;
        const progress = Math.min(1, run.lastEpoch / run.plannedEpochs);
        const claimed = selfReportedScore(run);
        return (
          <li
            key={userId}
            data-key={userId}
            data-testid="leaderboard-row"
            data-user={run.displayName}
            data-rank={ranked ? rank : undefined}
            className={`grid grid-cols-[3rem_minmax(0,1fr)_auto] items-center gap-x-3 gap-y-1 bg-white py-2 ${mine ? "bg-indigo-50 font-semibold" : ""} ${selectedRunId === run.runId ? "outline-2 outline-indigo-700" : ""}`}
          >
            {index === firstUnranked && (
              // The unranked students follow the ranked ones under their own heading (part of the first row, so
              // the list stays one <li> per student for the slide animation and screen readers).
              <span className="col-span-3 text-sm font-semibold text-slate-800" data-testid="leaderboard-unranked">
                {t.unranked}
              </span>
            )}
            <span className={`text-center font-bold ${large ? "text-3xl" : "text-xl"}`} aria-label={ranked ? `${t.rank} ${rank}` : t.unranked}>
              {ranked ? rank : NO_VALUE}
            </span>
            <span className="min-w-0">
              {onSelect ? (
                <button type="button" className="truncate text-left underline decoration-dotted underline-offset-4 focus-visible:outline-2 focus-visible:outline-blue-700" onClick={() => onSelect(run.runId)} aria-label={format(t.select, { name: run.displayName })}>
                  {run.displayName} {mine && t.me}
                </button>
              ) : (
                <span className="truncate">
                  {run.displayName} {mine && t.me}
                </span>
              )}
              <span className={`block break-words text-slate-700 ${large ? "text-lg" : "text-sm"}`}>{configLine(i18n, run)}</span>
            </span>
            <span className="text-right">
              <span className="block font-mono" data-testid="leaderboard-score" aria-label={`${t.verifiedScore}: ${fmt.loss(score)}`}>
                {fmt.loss(score)}
              </span>
              <span className={`block text-slate-700 ${large ? "text-base" : "text-xs"}`} data-testid="leaderboard-self-reported" aria-label={`${t.selfReportedLabel}: ${fmt.loss(claimed)}`}>
                {format(t.selfReported, { loss: fmt.loss(claimed) })}
              </span>
            </span>
            <span className="col-span-3 col-start-1 flex items-center gap-2 sm:col-span-2 sm:col-start-2">
              <span className="sr-only">{t.progress}</span>
              <progress className="h-2 w-full accent-indigo-700" value={run.lastEpoch} max={run.plannedEpochs} aria-label={`${t.progress}: ${run.displayName}`} />
              <span className="w-20 shrink-0 text-right text-sm text-slate-700">{fmt.percent(progress)}</span>
            </span>
          </li>
        );
      })}
    </ol>
  );
}
