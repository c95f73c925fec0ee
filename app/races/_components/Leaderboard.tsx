"use client";
/**
 * The live board: one row per student, in the order of the race's published standings (lib/race/standings, the
 * same rows as the verified boards: the public board until the teacher reveals the private one), joined with each
 * student's live run: their model, a progress bar, and the loss their browser reports, labelled self-reported and
 * never ranked. Each rank says what verified it and how fresh it is ("checkpoint, epoch 120 · verified 4 s ago").
 * Students with nothing verified yet are listed after the ranked ones, never dropped. Rows keep their identity
 * across updates and slide to their new place (FLIP: measure, invert, play), unless the user asked for reduced
 * motion. The DOM order is the rank order, so screen readers read the board as shown.
 */
import { useLayoutEffect, useMemo, useRef } from "react";
import { selfReportedScore } from "@/lib/race/ranking";
import { standingLines, type StandingLine } from "@/lib/race/standings";
import type { RunView } from "@/lib/race/views";
import type { TRaceBoard } from "@/lib/scoring/views";
import { format } from "@/lib/i18n";
import { NO_VALUE } from "@/lib/i18n/format-values";
import { optimizerName } from "@/lib/i18n/names";
import { useI18n, type I18n } from "../../_lib/i18n";
import { useTicker } from "./use-race-room";

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

type Board = TRaceBoard["board"];
type Row = Board["rows"][number];

/** Every student's line in the board's order, each with their live run (lib/race/standings). */
export function useStandingLines(board: Board | null, runs: readonly RunView[]): StandingLine<RunView>[] {
  return useMemo(() => (board ? standingLines(board, runs) : []), [board, runs]);
}

/** "checkpoint, epoch 120 · verified 4 s ago", "submission · verified 2 min ago". */
export function freshness({ m, fmt }: Pick<I18n, "m" | "fmt">, row: Row, now: number): string {
  const ago = fmt.ago(now - row.verifiedAt);
  return row.source === "checkpoint" ? format(m.race.room.verifiedCheckpoint, { epoch: fmt.integer(row.epoch), ago }) : format(m.race.room.verifiedSubmission, { ago });
}

export interface LeaderboardProps {
  /** The published standings (the public board, or the private one once revealed); null while loading. */
  board: Board | null;
  runs: readonly RunView[];
  /** The server's clock (verified scores' freshness). */
  serverNow: () => number;
  meId?: string;
  selectedRunId?: string | null;
  onSelect?: (runId: string) => void;
  /** Show at most this many rows (the projector shows the top of a big class). */
  limit?: number;
  large?: boolean;
}

export function Leaderboard({ board, runs, serverNow, meId, selectedRunId, onSelect, limit, large = false }: LeaderboardProps) {
  const i18n = useI18n();
  const { m, fmt } = i18n;
  const t = m.race.room;
  // "verified 4 s ago" counts up.
  useTicker(true, 1000);
  const now = serverNow();
  const lines = useStandingLines(board, runs).slice(0, limit);
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

  if (lines.length === 0) return <p className="text-slate-700">{t.noRuns}</p>;
  const firstUnranked = lines.findIndex((line) => line.row === null);
  return (
    <ol ref={listRef} aria-label={t.leaderboard} data-testid="live-board" className={`divide-y divide-slate-200 ${large ? "text-2xl" : ""}`}>
      {lines.map(({ userId, displayName, row, run }, index) => {
        const mine = userId === meId;
        const claimed = run ? selfReportedScore(run) : null;
        return (
          <li
            key={userId}
            data-key={userId}
            data-testid="leaderboard-row"
            data-user={displayName}
            data-rank={row ? row.rank : undefined}
            data-source={row?.source}
            className={`grid grid-cols-[3rem_minmax(0,1fr)_auto] items-center gap-x-3 gap-y-1 bg-white py-2 ${mine ? "bg-indigo-50 font-semibold" : ""} ${run && selectedRunId === run.runId ? "outline-2 outline-indigo-700" : ""}`}
          >
            {index === firstUnranked && (
              // The unranked students follow the ranked ones under their own heading (part of the first row, so
              // the list stays one <li> per student for the slide animation and screen readers).
              <span className="col-span-3 text-sm font-semibold text-slate-800" data-testid="leaderboard-unranked">
                {t.unranked}
              </span>
            )}
            <span className={`text-center font-bold ${large ? "text-3xl" : "text-xl"}`} aria-label={row ? `${t.rank} ${row.rank}` : t.unranked}>
              {row ? row.rank : NO_VALUE}
            </span>
            <span className="min-w-0">
              {onSelect && run ? (
                <button type="button" className="truncate text-left underline decoration-dotted underline-offset-4 focus-visible:outline-2 focus-visible:outline-blue-700" onClick={() => onSelect(run.runId)} aria-label={format(t.select, { name: displayName })}>
                  {displayName} {mine && t.me}
                </button>
              ) : (
                <span className="truncate">
                  {displayName} {mine && t.me}
                </span>
              )}
              <span className={`block break-words text-slate-700 ${large ? "text-lg" : "text-sm"}`}>{run ? configLine(i18n, run) : t.noRunYet}</span>
            </span>
            <span className="text-right">
              <span className="block font-mono" data-testid="leaderboard-score" aria-label={`${t.verifiedScore}: ${fmt.loss(row?.score)}`}>
                {fmt.loss(row?.score)}
              </span>
              {row && (
                <span className={`block text-slate-700 ${large ? "text-base" : "text-xs"}`} data-testid="leaderboard-freshness">
                  {freshness(i18n, row, now)}
                </span>
              )}
              <span className={`block text-slate-700 ${large ? "text-base" : "text-xs"}`} data-testid="leaderboard-self-reported" aria-label={`${t.selfReportedLabel}: ${fmt.loss(claimed)}`}>
                {format(t.selfReported, { loss: fmt.loss(claimed) })}
              </span>
            </span>
            {run && (
              <span className="col-span-3 col-start-1 flex items-center gap-2 sm:col-span-2 sm:col-start-2">
                <span className="sr-only">{t.progress}</span>
                <progress className="h-2 w-full accent-indigo-700" value={run.lastEpoch} max={run.plannedEpochs} aria-label={`${t.progress}: ${displayName}`} />
                <span className="w-20 shrink-0 text-right text-sm text-slate-700">{fmt.percent(Math.min(1, run.lastEpoch / run.plannedEpochs))}</span>
              </span>
            )}
          </li>
        );
      })}
    </ol>
  );
}
