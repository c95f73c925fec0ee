"use client";
/**
 * Public and private leaderboards in two tabs (arrow keys move between them). Only verified scores are ranked;
 * a self-reported loss is shown beside the name, labelled as such. When the private board is revealed the rows
 * start in their public order and glide to their private places, each with its rank change (no motion for
 * people who asked their system for reduced motion).
 */
import { useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from "react";
import type { TRaceBoard } from "@/lib/scoring/views";
import { format } from "@/lib/i18n";
import { NO_VALUE } from "@/lib/i18n/format-values";
import { ScrollBox } from "../../_components/scroll-box";
import { useI18n } from "../../_lib/i18n";

type Kind = "public" | "private";

export interface LeaderboardProps {
  publicBoard: TRaceBoard | null;
  /** Null while the viewer may not see it (a student before the reveal). */
  privateBoard: TRaceBoard | null;
  revealed: boolean;
  meId: string;
  /** Play the shake-up: set when the reveal happens while the board is open. */
  shakeUp?: boolean;
  /** Projector size: everything bigger, readable from the back of the room. */
  large?: boolean;
}

/** How long rows take to reach their private places. */
export const SHAKE_UP_MS = 1600;

export function Leaderboard({ publicBoard, privateBoard, revealed, meId, shakeUp = false, large = false }: LeaderboardProps) {
  const { m } = useI18n();
  const t = m.scoring;
  const id = useId();
  const [tab, setTab] = useState<Kind>(revealed ? "private" : "public");
  const tabs = useRef<Record<Kind, HTMLButtonElement | null>>({ public: null, private: null });

  // The reveal brings everyone to the private board (state adjusted while rendering, React's derived-state pattern).
  const [shakeSeen, setShakeSeen] = useState(shakeUp);
  if (shakeUp !== shakeSeen) {
    setShakeSeen(shakeUp);
    if (shakeUp) setTab("private");
  }
  // A page opened after the reveal learns it once its boards load: the private board is then the one to show.
  const [revealSeen, setRevealSeen] = useState(revealed);
  if (revealed !== revealSeen) {
    setRevealSeen(revealed);
    if (revealed) setTab("private");
  }

  const select = (kind: Kind) => {
    setTab(kind);
    tabs.current[kind]?.focus();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const order: Kind[] = ["public", "private"];
    const index = order.indexOf(tab);
    const step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? order.length - 1 : null;
    const next = step !== null ? order[(index + step) % order.length] : event.key === "Home" ? "public" : event.key === "End" ? "private" : null;
    if (!next) return;
    event.preventDefault();
    select(next);
  };

  const board = tab === "public" ? publicBoard : privateBoard;
  const tabLabel = (kind: Kind) => (kind === "public" ? t.publicTab : privateBoard ? t.privateTab : t.privateLocked);

  return (
    <section aria-labelledby={`${id}-title`} className={`rounded-lg border-2 border-slate-300 bg-white p-4 shadow-sm ${large ? "text-2xl" : ""}`} data-testid="leaderboard">
      <h2 id={`${id}-title`} className={`mb-3 font-bold ${large ? "text-4xl" : "text-2xl"}`}>
        {t.title}
      </h2>
      <div role="tablist" aria-label={t.tabs} className="mb-3 flex flex-wrap gap-x-2 border-b-2 border-slate-200" onKeyDown={onKeyDown}>
        {(["public", "private"] as const).map((kind) => (
          <button
            key={kind}
            ref={(el) => {
              tabs.current[kind] = el;
            }}
            id={`${id}-tab-${kind}`}
            type="button"
            role="tab"
            aria-selected={tab === kind}
            aria-controls={`${id}-panel`}
            tabIndex={tab === kind ? 0 : -1}
            onClick={() => setTab(kind)}
            className={`-mb-0.5 rounded-t border-2 px-4 py-2 font-semibold whitespace-nowrap focus:outline-none focus-visible:ring-4 focus-visible:ring-indigo-400 ${
              tab === kind ? "border-slate-300 border-b-white bg-white text-indigo-800" : "border-transparent text-slate-700 hover:text-slate-900"
            }`}
          >
            {tabLabel(kind)}
          </button>
        ))}
      </div>
      <div id={`${id}-panel`} role="tabpanel" aria-labelledby={`${id}-tab-${tab}`} tabIndex={0} className="focus:outline-none focus-visible:ring-4 focus-visible:ring-indigo-400">
        {tab === "private" && !privateBoard ? (
          <p className="py-4 text-slate-800">{t.privateHidden}</p>
        ) : !board ? (
          <p role="status">{t.loading}</p>
        ) : (
          // Keyed so a shake-up starts from a fresh mount, rows at their public places.
          <BoardTable
            key={tab === "private" && shakeUp ? "shake-up" : tab}
            board={board}
            meId={meId}
            animate={tab === "private" && shakeUp}
            teacherPreview={tab === "private" && !revealed}
            large={large}
          />
        )}
      </div>
    </section>
  );
}

function BoardTable({ board, meId, animate, teacherPreview, large = false }: { board: TRaceBoard; meId: string; animate: boolean; teacherPreview: boolean; large?: boolean }) {
  const { m, fmt } = useI18n();
  const t = m.scoring;
  const isPrivate = board.board.kind === "private";
  const rows = board.board.rows;
  const explain = isPrivate ? t.privateExplain[board.board.metric === "rollout" ? "rollout" : "one-step"] : t.publicExplain;
  const phase = useShakeUp(animate);

  return (
    <div>
      <p className="mb-2 text-sm text-slate-700">{explain}</p>
      {teacherPreview && <p className="mb-2 rounded bg-amber-100 px-2 py-1 text-sm font-medium text-amber-950">{t.teacherPreview}</p>}
      {rows.length === 0 ? (
        <p className="py-3">{t.empty}</p>
      ) : (
        <ScrollBox label={t.title}>
          <table className="w-full border-collapse text-left" data-testid={`board-${board.board.kind}`} data-shakeup={animate ? phase : "none"}>
            <thead>
              <tr className="border-b-2 border-slate-300 text-sm text-slate-700">
                <th scope="col" className="py-2 pr-3 whitespace-nowrap">{t.rank}</th>
                <th scope="col" className="py-2 pr-3 whitespace-nowrap">{t.name}</th>
                <th scope="col" className="py-2 pr-3 text-right whitespace-nowrap">{t.score}</th>
                {isPrivate && <th scope="col" className="py-2 pr-3 whitespace-nowrap">{t.change}</th>}
                <th scope="col" className="hidden py-2 pr-3 text-right whitespace-nowrap sm:table-cell">{t.submissions}</th>
                <th scope="col" className="py-2 text-right whitespace-nowrap">{t.selfReported}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row, index) => {
                // Rows start at their public place and move to their private one.
                const offset = isPrivate && animate && phase === "from" ? publicIndex(rows, row.userId) - index : 0;
                const me = row.userId === meId;
                return (
                  <tr
                    key={row.userId}
                    data-testid="board-row"
                    data-user-id={row.userId}
                    data-rank={row.rank}
                    className={`border-b border-slate-200 ${me ? "bg-indigo-50 font-semibold" : "bg-white"}`}
                    style={{
                      transform: offset ? `translateY(${offset * 100}%)` : undefined,
                      transition: animate && phase === "to" ? `transform ${SHAKE_UP_MS}ms cubic-bezier(0.2, 0.8, 0.2, 1)` : undefined,
                      position: "relative",
                    }}
                  >
                    <td className={`py-2 pr-3 font-bold tabular-nums ${large ? "text-4xl" : "text-lg"}`}>{row.rank}</td>
                    <td className="py-2 pr-3 whitespace-nowrap">
                      {row.displayName} {me && <span className="text-sm font-normal text-slate-700">{t.you}</span>}
                      {/* Teachers' boards only (the server never sends it to students); kept off the projector. */}
                      {!large && row.sameWeightsAs && row.sameWeightsAs.length > 0 && (
                        <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-950" data-testid="same-weights">
                          {format(t.sameWeights, { names: row.sameWeightsAs.join(", ") })}
                        </span>
                      )}
                    </td>
                    <td className="py-2 pr-3 text-right font-mono tabular-nums">
                      <span data-testid="verified-score">{row.score === null ? <span title={t.divergedNote}>{t.diverged}</span> : fmt.loss(row.score)}</span>
                      {row.source === "checkpoint" && (
                        <span className={`block font-sans text-slate-700 ${large ? "text-base" : "text-xs"}`} data-testid="from-checkpoint">
                          {format(t.fromCheckpoint, { epoch: fmt.integer(row.epoch) })}
                        </span>
                      )}
                    </td>
                    {isPrivate && (
                      <td className="py-2 pr-3">
                        <RankDelta delta={row.rankDelta} />
                      </td>
                    )}
                    <td className="hidden py-2 pr-3 text-right tabular-nums sm:table-cell">{row.submissions}</td>
                    <td className={`py-2 text-right text-slate-700 ${large ? "text-lg" : "text-sm"}`} data-testid="self-reported">
                      {row.selfReported === null ? NO_VALUE : format(t.selfReportedValue, { value: fmt.loss(row.selfReported) })}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ScrollBox>
      )}
      {board.board.unranked.length > 0 && (
        <div className="mt-3">
          <h3 className="text-sm font-semibold text-slate-800">{t.unranked}</h3>
          <ul className="text-sm text-slate-800" data-testid="unranked">
            {board.board.unranked.map((u) => (
              <li key={u.userId}>
                {u.displayName}
                {u.selfReported !== null && <span className="text-slate-700"> — {format(t.selfReportedValue, { value: fmt.loss(u.selfReported) })}</span>}
              </li>
            ))}
          </ul>
        </div>
      )}
      <p className="mt-3 text-xs text-slate-700">{t.selfReportedNote}</p>
    </div>
  );
}

function publicOrder<T extends { publicRank: number | null; userId: string }>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => (a.publicRank ?? Infinity) - (b.publicRank ?? Infinity));
}

function publicIndex(rows: TRaceBoard["board"]["rows"], userId: string): number {
  return publicOrder(rows).findIndex((r) => r.userId === userId);
}

function RankDelta({ delta }: { delta: number | null }) {
  const { m, fmt } = useI18n();
  const t = m.scoring;
  if (delta === null) return <span>{NO_VALUE}</span>;
  if (delta === 0) return <span aria-label={t.unchangedLabel} className="text-slate-700" data-testid="rank-delta" data-delta={0}>{t.unchanged}</span>;
  const up = delta > 0;
  const count = Math.abs(delta);
  return (
    <span
      aria-label={format(up ? t.movedUpLabel : t.movedDownLabel, { count: fmt.integer(count) })}
      data-testid="rank-delta"
      data-delta={delta}
      className={`inline-block whitespace-nowrap rounded px-2 py-0.5 text-sm font-bold ${up ? "bg-green-100 text-green-900" : "bg-red-100 text-red-900"}`}
    >
      <span aria-hidden>{up ? "▲" : "▼"} </span>
      {format(up ? t.movedUp : t.movedDown, { count: fmt.integer(count) })}
    </span>
  );
}

/** "from" (rows at their public places) → "to" (gliding) → "done"; straight to "done" with reduced motion. */
function useShakeUp(active: boolean): "from" | "to" | "done" {
  const [phase, setPhase] = useState<"from" | "to" | "done">(() =>
    active && typeof window !== "undefined" && !window.matchMedia("(prefers-reduced-motion: reduce)").matches ? "from" : "done",
  );
  useLayoutEffect(() => {
    if (!active || phase !== "from") return;
    // Two frames: the browser must paint the starting places before the transition to the new ones begins.
    let frame = requestAnimationFrame(() => {
      frame = requestAnimationFrame(() => setPhase("to"));
    });
    const timer = window.setTimeout(() => setPhase("done"), SHAKE_UP_MS + 100);
    return () => {
      cancelAnimationFrame(frame);
      window.clearTimeout(timer);
    };
    // Only the mount starts it (the table is keyed per shake-up).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [active]);
  return phase;
}
