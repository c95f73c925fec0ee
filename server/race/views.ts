/** What a loaded race and its runs look like to clients and to storage: plain conversions, no I/O. */
import type { LiveRun } from "@/lib/race/room";
import { settle, type RaceSchedule } from "@/lib/race/status";
import type { RunLive, RunView } from "@/lib/race/views";
import type { RaceView } from "@/lib/realtime/race";
import type { RaceRecord } from "../persistence/records";
import type { LoadedRace } from "./registry";

const ms = (d: Date | null) => (d ? d.getTime() : null);
export const dateOf = (n: number | null) => (n === null ? null : new Date(n));

export function scheduleOf(record: RaceRecord): RaceSchedule {
  return {
    kind: record.kind,
    status: record.status,
    startsAt: ms(record.startsAt),
    endsAt: ms(record.endsAt),
    pausedAt: ms(record.pausedAt),
    endedAt: ms(record.endedAt),
  };
}

export function liveOf(run: LiveRun): RunLive {
  const { runId, status, lastEpoch, trainLoss, valLoss, msPerEpoch } = run;
  return { runId, status, lastEpoch, trainLoss, valLoss, msPerEpoch };
}

export function runViewOf(run: LiveRun): RunView {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- ownership is this process's business only
  const { owned, ...rest } = run;
  return { ...rest, points: run.points.slice() };
}

/** The race as clients see it at `now` (timed transitions applied). */
export function raceViewOf(race: Pick<LoadedRace, "id" | "classroomId" | "name" | "rules" | "createdAt" | "stored">, now: number): RaceView {
  return { id: race.id, classroomId: race.classroomId, name: race.name, rules: race.rules, createdAt: race.createdAt, ...settle(race.stored, now) };
}

export function recordViewOf(record: RaceRecord, now: number): RaceView {
  return raceViewOf({ ...record, createdAt: record.createdAt.getTime(), stored: scheduleOf(record) }, now);
}
