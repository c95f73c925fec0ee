"use client";
/**
 * The verified leaderboards inside a race view (the scoring area's Leaderboard: public and private tabs, the
 * shake-up when the private board is revealed) and, for the teacher once the race has ended, the reveal button.
 * On the projector the private board is never previewed: the class sees it only once it is revealed.
 */
import type { RaceView } from "@/lib/realtime/race";
import { Card } from "../../_components/form";
import { useI18n } from "../../_lib/i18n";
import { Leaderboard } from "../../components/scoring/Leaderboard";
import { RevealControl } from "../../components/scoring/RevealControl";
import type { RaceBoards as Boards } from "../../components/scoring/use-race-boards";

export interface RaceBoardsProps {
  race: RaceView;
  /** The race view's boards (use-race-boards), which its live board and podium read too. */
  boards: Boards;
  meId: string;
  isTeacher: boolean;
  /** The projector: big, no controls, no preview of the private board. */
  projector?: boolean;
}

export function RaceBoards({ race, boards, meId, isTeacher, projector = false }: RaceBoardsProps) {
  const { m, describe } = useI18n();
  // A teacher's socket receives the private board before the reveal (teachers' room): never on the projector.
  const privateBoard = projector && !boards.revealed ? null : boards.privateBoard;
  return (
    <div className="min-w-0 space-y-4" data-testid="race-boards">
      {boards.error && (
        <p role="alert" className="text-red-800">
          {describe(boards.error)}
        </p>
      )}
      {isTeacher && !projector && race.status === "ended" && (
        <Card>
          <h2 className="mb-2 text-xl font-bold">{m.race.room.revealTitle}</h2>
          <p className="mb-3 text-sm text-slate-700">{m.race.room.revealHint}</p>
          <RevealControl raceId={race.id} revealed={boards.revealed} onRevealed={boards.applyReveal} />
        </Card>
      )}
      <Leaderboard publicBoard={boards.publicBoard} privateBoard={privateBoard} revealed={boards.revealed} meId={meId} shakeUp={boards.justRevealed} large={projector} />
    </div>
  );
}
