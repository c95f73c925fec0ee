"use client";
/**
 * A race, live: the rules (before the start), everyone's curves and the live board (the published standings:
 * verified checkpoints and submissions, with each student's progress and self-reported loss); the verified
 * public/private boards and, once the race is over, the podium and the teacher's reveal; the teacher's controls
 * or the student's trainer; the selected student's predictions. Race state comes from the race room
 * (use-race-room), the standings from the scoring area (use-race-boards) on the same socket: the live board, the
 * podium and the boards all read the same rows.
 */
import Link from "next/link";
import { useParams } from "next/navigation";
import { useState } from "react";
import type { SessionUser } from "@/lib/api/auth";
import { FormError, Card } from "../../../../_components/form";
import { RequireUser } from "../../../../_components/require-user";
import { format } from "@/lib/i18n";
import { useI18n } from "../../../../_lib/i18n";
import { Leaderboard } from "../../../../races/_components/Leaderboard";
import { RaceClock } from "../../../../races/_components/RaceClock";
import { RaceCurves } from "../../../../races/_components/RaceCurves";
import { RolloutPanel } from "../../../../races/_components/RolloutPanel";
import { StudentTrainer } from "../../../../races/_components/StudentTrainer";
import { TeacherRaceControls } from "../../../../races/_components/TeacherRaceControls";
import { useRaceRoom } from "../../../../races/_components/use-race-room";
import { Podium } from "../../../../races/_components/Podium";
import { RaceBoards } from "../../../../races/_components/RaceBoards";
import { RaceRules } from "../../../../races/_components/RaceRules";
import { useRaceBoards } from "../../../../components/scoring/use-race-boards";

export default function RacePage() {
  return <RequireUser>{(user) => <Race user={user} />}</RequireUser>;
}

function Race({ user }: { user: SessionUser }) {
  const { m, describe } = useI18n();
  const t = m.race.room;
  const { id, raceId } = useParams<{ id: string; raceId: string }>();
  const { state, socket, connection, error, setError, serverNow } = useRaceRoom(raceId);
  const [selected, setSelected] = useState<string | null>(null);
  const isTeacher = user.kind === "teacher";
  const boards = useRaceBoards(raceId, socket, isTeacher);

  if (connection === "outdated") return <FormError message={m.classroom.room.outdated} />;
  if (!state || !socket) return error ? <FormError message={describe(error)} /> : <p role="status">{t.loading}</p>;
  const { race, runs } = state;
  const mine = runs.filter((r) => r.userId === user.id);
  const myLatest = mine[mine.length - 1];
  const selectedRun = runs.find((r) => r.runId === selected) ?? myLatest;

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-3xl font-bold">{race.name}</h1>
        <span className="rounded bg-slate-100 px-2 py-0.5 font-semibold" data-testid="race-status">
          {race.kind === "homework" ? `${m.homework.badge} · ${m.homework.status[race.status]}` : m.race.panel.status[race.status]}
        </span>
        <span role="status" className={`rounded px-2 py-0.5 text-sm font-semibold ${connection === "live" ? "bg-green-100 text-green-900" : "bg-amber-100 text-amber-900"}`}>
          {connection === "live" ? t.live : t.reconnecting}
        </span>
        <RaceClock race={race} serverNow={serverNow} className="text-2xl" />
        <Link href={`/classrooms/${id}/races/${raceId}/board`} className="ml-auto font-semibold text-indigo-800 underline">
          {t.results}
        </Link>
        <Link href={`/classrooms/${id}`} className="font-semibold text-indigo-800 underline">
          {t.back}
        </Link>
      </div>
      <FormError message={error && describe(error)} />
      {(race.status === "lobby" || race.status === "countdown") && <RaceRules rules={race.rules} />}
      {race.status === "ended" && (
        // Once the race is over the verified boards (and the teacher's reveal) come first, beside the podium.
        <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
          <Podium board={boards.published} runs={runs} />
          <RaceBoards race={race} boards={boards} meId={user.id} isTeacher={isTeacher} />
        </div>
      )}
      {/* grid-cols-1 and min-w-0: a wide chart or table scrolls or shrinks inside its column instead of widening a phone's page. */}
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <div className="min-w-0 space-y-6 lg:col-span-2">
          <Card>
            <RaceCurves runs={runs} highlightRunId={selected ?? myLatest?.runId ?? null} maxEpoch={race.rules.budget.maxEpochs} />
          </Card>
          <RolloutPanel race={race} run={selectedRun} />
          {race.status !== "ended" && <RaceBoards race={race} boards={boards} meId={user.id} isTeacher={isTeacher} />}
        </div>
        {/* On a phone one's own controls (the student's Train, the teacher's Start/End) come first, before the charts. */}
        <div className="order-first min-w-0 space-y-6 lg:order-none">
          {isTeacher ? <TeacherRaceControls race={race} socket={socket} onError={setError} /> : <StudentTrainer race={race} socket={socket} />}
          <Card>
            <h2 className="text-2xl font-bold">{t.leaderboard}</h2>
            <p className="mb-2 text-sm text-slate-700">{t.leaderboardCaption}</p>
            <Leaderboard board={boards.published} runs={runs} serverNow={serverNow} meId={user.id} selectedRunId={selectedRun?.runId ?? null} onSelect={setSelected} />
          </Card>
        </div>
      </div>
      <p className="sr-only">{format(t.status, { status: m.race.panel.status[race.status] })}</p>
    </div>
  );
}
