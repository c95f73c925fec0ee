"use client";
/** The countdown before the start, then the time left (frozen while paused), in the server's time. */
import { remainingMs } from "@/lib/race/status";
import type { RaceView } from "@/lib/realtime/race";
import { format, m } from "../../_lib/messages";
import { useTicker } from "./use-race-room";

const t = m.race.room;

function clock(ms: number): string {
  const total = Math.ceil(ms / 1000);
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, "0")}`;
}

export function RaceClock({ race, serverNow, className = "" }: { race: RaceView; serverNow: () => number; className?: string }) {
  useTicker(race.status === "countdown" || race.status === "running");
  const now = serverNow();
  let text: string;
  if (race.status === "countdown" && race.startsAt !== null && now < race.startsAt) {
    text = format(t.countdown, { seconds: Math.ceil((race.startsAt - now) / 1000) });
  } else {
    const left = remainingMs({ ...race }, now);
    text = left === null ? t.noTimeLimit : format(t.remaining, { time: clock(left) });
  }
  return (
    <p className={`font-mono font-bold ${className}`} data-testid="race-clock" aria-live="off">
      {text}
    </p>
  );
}
