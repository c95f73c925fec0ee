"use client";
/**
 * The projector view for the teacher's screen, the whole screen (no site navigation; "Exit projector" or Esc leads
 * back to the race page): in the lobby how to join (code, address, QR code) and the rules; while the race runs a
 * big clock, the live board (top ten) and everyone's curves; at the end the podium, the verified leaderboard, where
 * the private board's shake-up plays big when the teacher reveals it, and the curves. No race controls: the
 * teacher drives the race from their own page. Its language is its own (日本語 / English on the view, kept in the
 * address as ?lang=): the class can read the projector in one language while the teacher's page stays in theirs.
 */
import { useParams, usePathname, useRouter, useSearchParams } from "next/navigation";
import { Suspense, useCallback } from "react";
import type { SessionUser } from "@/lib/api/auth";
import { isLocale, type Locale } from "@/lib/i18n/locales";
import { FormError } from "../../../../../_components/form";
import { LanguageSwitcher } from "../../../../../_components/language-switcher";
import { RequireUser } from "../../../../../_components/require-user";
import { LocaleOverride, useI18n } from "../../../../../_lib/i18n";
import { Leaderboard } from "../../../../../races/_components/Leaderboard";
import { Podium } from "../../../../../races/_components/Podium";
import { RaceClock } from "../../../../../races/_components/RaceClock";
import { RaceBoards } from "../../../../../races/_components/RaceBoards";
import { RaceRules } from "../../../../../races/_components/RaceRules";
import { useRaceBoards } from "../../../../../components/scoring/use-race-boards";
import { RaceCurves } from "../../../../../races/_components/RaceCurves";
import { useRaceRoom } from "../../../../../races/_components/use-race-room";
import { JoinPanel } from "../../../../../components/join/JoinPanel";
import { ExitProjector } from "./exit-projector";
import { useJoinCode } from "./use-join-code";

export default function ProjectorPage() {
  // useSearchParams needs a Suspense boundary in the App Router.
  return (
    <Suspense>
      <RequireUser>{(user) => <ProjectorLanguage user={user} />}</RequireUser>
    </Suspense>
  );
}

function ProjectorLanguage({ user }: { user: SessionUser }) {
  const { locale } = useI18n();
  const requested = useSearchParams().get("lang");
  const router = useRouter();
  const pathname = usePathname();
  const choose = useCallback((next: Locale) => router.replace(`${pathname}?lang=${next}`), [router, pathname]);
  return (
    <LocaleOverride locale={isLocale(requested) ? requested : locale} onLocaleChange={choose}>
      <Projector user={user} />
    </LocaleOverride>
  );
}

function Projector({ user }: { user: SessionUser }) {
  const { m, describe } = useI18n();
  const t = m.race.room;
  const { id: classroomId, raceId } = useParams<{ id: string; raceId: string }>();
  const { state, socket, error, serverNow } = useRaceRoom(raceId);
  // The projector never previews the private board: it asks only for what the class may see.
  const boards = useRaceBoards(raceId, socket, false);
  const joinCode = useJoinCode(classroomId);
  const exit = <ExitProjector href={`/classrooms/${classroomId}/races/${raceId}`} />;
  if (!state) {
    return (
      <div className="space-y-4">
        {exit}
        {error ? <FormError message={describe(error)} /> : <p role="status">{t.loading}</p>}
      </div>
    );
  }
  const { race, runs } = state;
  const lobby = race.status === "lobby" || race.status === "countdown";
  const ended = race.status === "ended";
  return (
    <div className="space-y-6" data-testid="projector" data-status={race.status}>
      <div className="flex flex-wrap items-center gap-x-8 gap-y-3">
        <h1 className="min-w-0 text-5xl font-bold break-words">{race.name}</h1>
        <span className="text-3xl font-semibold" data-testid="race-status">
          {m.race.panel.status[race.status]}
        </span>
        <RaceClock race={race} serverNow={serverNow} className="ml-auto text-6xl" />
        <div className="flex flex-wrap items-center gap-3">
          <LanguageSwitcher large tone="light" />
          {exit}
        </div>
      </div>
      {lobby && (
        // Side by side where a projector has the width (1920), one above the other on a 1366 screen.
        <div className="grid grid-cols-1 gap-6 2xl:grid-cols-2 [&>*]:min-w-0">
          {joinCode && <JoinPanel code={joinCode} variant="projector" />}
          <RaceRules rules={race.rules} large />
        </div>
      )}
      {ended && (
        <>
          <Podium board={boards.published} runs={runs} large />
          <RaceBoards race={race} boards={boards} meId={user.id} isTeacher={user.kind === "teacher"} projector />
          <div className="rounded-lg bg-white p-4 shadow">
            <RaceCurves runs={runs} maxEpoch={race.rules.budget.maxEpochs} height={440} large />
          </div>
        </>
      )}
      {!lobby && !ended && (
        // grid-cols-1 and min-w-0: a chart sized before it was measured cannot widen the page.
        <div className="grid grid-cols-1 gap-6 xl:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
          <div className="min-w-0 rounded-lg bg-white p-4 shadow">
            <Leaderboard board={boards.published} runs={runs} serverNow={serverNow} limit={10} large />
          </div>
          <div className="min-w-0 rounded-lg bg-white p-4 shadow">
            <RaceCurves runs={runs} maxEpoch={race.rules.budget.maxEpochs} height={520} large />
          </div>
        </div>
      )}
    </div>
  );
}
