"use client";
/**
 * The time a race has: in the lobby its time limit (nothing has started counting), then the countdown before the
 * start, then the time left (frozen while paused), in the server's time. A homework's is its window (HomeworkTimes).
 */
import { remainingMs } from "@/lib/race/status";
import type { RaceView } from "@/lib/realtime/race";
import { format } from "@/lib/i18n";
import { useI18n } from "../../_lib/i18n";
import { HomeworkTimes } from "./HomeworkTimes";
import { useTicker } from "./use-race-room";

export function RaceClock({ race, serverNow, className = "" }: { race: RaceView; serverNow: () => number; className?: string }) {
  // A homework has no live countdown: its window and time left, in words.
  if (race.kind === "homework") return <HomeworkTimes race={race} serverNow={serverNow} className="font-semibold" />;
  return <LiveRaceClock race={race} serverNow={serverNow} className={className} />;
}

function LiveRaceClock({ race, serverNow, className }: { race: RaceView; serverNow: () => number; className: string }) {
  useTicker(race.status === "countdown" || race.status === "running");
  const { m, fmt } = useI18n();
  const t = m.race.room;
  const now = serverNow();
  let text: string;
  const limitSec = race.rules.budget.timeLimitSec;
  if (race.status === "lobby") {
    text = limitSec === null ? t.noTimeLimit : format(t.remaining, { time: fmt.remaining(limitSec * 1000) });
  } else if (race.status === "countdown" && race.startsAt !== null && now < race.startsAt) {
    text = format(t.countdown, { seconds: fmt.integer(Math.ceil((race.startsAt - now) / 1000)) });
  } else {
    const left = remainingMs({ ...race }, now);
    text = left === null ? t.noTimeLimit : format(t.remaining, { time: fmt.remaining(left) });
  }
  return (
    <p className={`font-mono font-bold ${className}`} data-testid="race-clock" aria-live="off">
      {text}
    </p>
  );
}
