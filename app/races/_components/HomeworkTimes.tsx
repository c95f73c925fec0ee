"use client";
/**
 * A homework's window in a line: when it opens (and how long until then), when it closes (and the time left), or
 * when it closed. Times in the reader's zone, named; the time left by the server's clock. No live countdown: the
 * line is redrawn once a minute.
 */
import { useEffect, useState } from "react";
import { format } from "@/lib/i18n";
import type { RaceView } from "@/lib/realtime/race";
import { useI18n } from "../../_lib/i18n";
import { zonedTime } from "./homework-time";

const REDRAW_MS = 60_000;

export function HomeworkTimes({ race, serverNow, className = "" }: { race: RaceView; serverNow: () => number; className?: string }) {
  const { m, fmt } = useI18n();
  const t = m.homework;
  const [, redraw] = useState(0);
  useEffect(() => {
    if (race.status === "ended") return;
    const timer = setInterval(() => redraw((n) => n + 1), REDRAW_MS);
    return () => clearInterval(timer);
  }, [race.status]);
  const now = serverNow();
  let text: string;
  if (race.status === "ended") {
    text = format(t.closed, { time: zonedTime(m, fmt, race.endedAt ?? race.endsAt ?? now) });
  } else if (race.startsAt !== null && now < race.startsAt) {
    text = `${format(t.opens, { time: zonedTime(m, fmt, race.startsAt) })} — ${format(t.opensIn, { time: fmt.timeLeft(race.startsAt - now) })}`;
  } else {
    const closesAt = race.endsAt ?? now;
    text = `${format(t.closes, { time: zonedTime(m, fmt, closesAt) })} — ${format(t.timeLeft, { time: fmt.timeLeft(closesAt - now) })}`;
  }
  return (
    <p className={className} data-testid="homework-times">
      {text}
    </p>
  );
}
