"use client";
/**
 * The projector view for the teacher's screen: big clock, big live board (top ten), everyone's curves, and at
 * the end the podium and the verified leaderboard, where the private board's shake-up plays big when the
 * teacher reveals it. No controls: the teacher drives the race from their own page.
 */
import { useParams } from "next/navigation";
import type { SessionUser } from "@/lib/api/auth";
import { FormError } from "../../../../../_components/form";
import { RequireUser } from "../../../../../_components/require-user";
import { m } from "../../../../../_lib/messages";
import { Leaderboard } from "../../../../../races/_components/Leaderboard";
import { Podium } from "../../../../../races/_components/Podium";
import { RaceClock } from "../../../../../races/_components/RaceClock";
import { RaceBoards } from "../../../../../races/_components/RaceBoards";
import { RaceCurves } from "../../../../../races/_components/RaceCurves";
import { useRaceRoom } from "../../../../../races/_components/use-race-room";

const t = m.race.room;

export default function ProjectorPage() {
  return <RequireUser>{(user) => <Projector user={user} />}</RequireUser>;
}

function Projector({ user }: { user: SessionUser }) {
  const { raceId } = useParams<{ raceId: string }>();
  const { state, socket, error, serverNow } = useRaceRoom(raceId);
  if (!state) return error ? <FormError message={error} /> : <p role="status">{t.loading}</p>;
  const { race, runs } = state;
  return (
    <div className="space-y-6" data-testid="projector">
      <div className="flex flex-wrap items-baseline gap-6">
        <h1 className="text-5xl font-bold">{race.name}</h1>
        <span className="text-3xl font-semibold" data-testid="race-status">
          {m.race.panel.status[race.status]}
        </span>
        <RaceClock race={race} serverNow={serverNow} className="ml-auto text-6xl" />
      </div>
      {race.status === "ended" && (
        <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
          <Podium runs={runs} large />
          <RaceBoards race={race} socket={socket} meId={user.id} isTeacher={user.kind === "teacher"} projector />
        </div>
      )}
      <div className="grid gap-6 xl:grid-cols-2">
        <div className="rounded-lg bg-white p-4 shadow">
          <Leaderboard runs={runs} limit={10} large />
        </div>
        <div className="rounded-lg bg-white p-4 shadow">
          <RaceCurves runs={runs} maxEpoch={race.rules.budget.maxEpochs} height={480} />
        </div>
      </div>
    </div>
  );
}
