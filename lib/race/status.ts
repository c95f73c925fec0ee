/**
 * The race's lifecycle: lobby → countdown → running ⇄ paused → ended. Pure: every function takes "now"
 * (epoch ms) and returns a new schedule, or the reason the transition is refused. Timed transitions (the
 * countdown running out, the time limit passing) are not events anyone sends: `settle` derives them from the
 * stored times, so every server process agrees on the status without a shared timer.
 *
 * A *homework* race (lib/race/homework.ts) is the same machine with its times set at creation: it waits in
 * "countdown" until it opens (`startsAt`), runs until it closes (`endsAt`), and nobody starts, pauses or extends it
 * (the teacher may still close it early).
 */

export const RACE_STATUSES = ["lobby", "countdown", "running", "paused", "ended"] as const;
export type RaceStatus = (typeof RACE_STATUSES)[number];

/** A live race is driven by the teacher in class; a homework race opens and closes at set instants. */
export const RACE_KINDS = ["live", "homework"] as const;
export type RaceKind = (typeof RACE_KINDS)[number];

/** What the Race row stores about time (epoch ms). */
export interface RaceSchedule {
  kind: RaceKind;
  status: RaceStatus;
  /** When the countdown ends and training may begin. */
  startsAt: number | null;
  /** Deadline from the time limit; null when the race has none (the teacher ends it). */
  endsAt: number | null;
  pausedAt: number | null;
  endedAt: number | null;
}

export type RaceControl =
  | { type: "start"; countdownMs: number; timeLimitMs: number | null }
  | { type: "pause" }
  | { type: "resume" }
  | { type: "extend"; byMs: number }
  | { type: "end" };

/** Why a control is refused; the server turns it into an ack error. */
export type ControlRefusal = "wrong_status" | "no_time_limit" | "homework_fixed";

/** A new race: its lobby is open, students see it and choose their configuration. */
export const INITIAL_SCHEDULE: RaceSchedule = { kind: "live", status: "lobby", startsAt: null, endsAt: null, pausedAt: null, endedAt: null };

/** The schedule with every timed transition that is due at `now` applied. */
export function settle(schedule: RaceSchedule, now: number): RaceSchedule {
  let s = schedule;
  if (s.status === "countdown" && s.startsAt !== null && now >= s.startsAt) s = { ...s, status: "running" };
  if (s.status === "running" && s.endsAt !== null && now >= s.endsAt) s = { ...s, status: "ended", endedAt: s.endsAt };
  return s;
}

export function applyControl(
  stored: RaceSchedule,
  control: RaceControl,
  now: number,
): { ok: true; schedule: RaceSchedule } | { ok: false; reason: ControlRefusal } {
  const s = settle(stored, now);
  const refuse = (reason: ControlRefusal = "wrong_status") => ({ ok: false as const, reason });
  const done = (schedule: RaceSchedule) => ({ ok: true as const, schedule });
  // A homework's window is what students were told: only closing it early is left to the teacher.
  if (s.kind === "homework" && control.type !== "end") return refuse("homework_fixed");
  switch (control.type) {
    case "start": {
      if (s.status !== "lobby") return refuse();
      const startsAt = now + control.countdownMs;
      const endsAt = control.timeLimitMs === null ? null : startsAt + control.timeLimitMs;
      return done({ ...s, status: control.countdownMs > 0 ? "countdown" : "running", startsAt, endsAt });
    }
    case "pause":
      return s.status === "running" ? done({ ...s, status: "paused", pausedAt: now }) : refuse();
    case "resume": {
      if (s.status !== "paused" || s.pausedAt === null) return refuse();
      // The clock stopped while paused: the deadline moves by the pause's length.
      const endsAt = s.endsAt === null ? null : s.endsAt + (now - s.pausedAt);
      return done({ ...s, status: "running", pausedAt: null, endsAt });
    }
    case "extend": {
      if (s.status !== "countdown" && s.status !== "running" && s.status !== "paused") return refuse();
      if (s.endsAt === null) return refuse("no_time_limit");
      return done({ ...s, endsAt: s.endsAt + control.byMs });
    }
    case "end":
      return s.status === "ended" ? refuse() : done({ ...s, status: "ended", endedAt: now, pausedAt: null });
  }
}

/** Training may go on (start a run, send snapshots) only while the race runs or is paused (epochs in flight). */
export function acceptsSnapshots(status: RaceStatus): boolean {
  return status === "running" || status === "paused";
}

export function acceptsNewRuns(status: RaceStatus): boolean {
  return status === "running";
}

/**
 * When `settle` will next change this schedule on its own (the countdown's end or an opening, a deadline or a
 * close); null when nothing is timed. The server arms a timer for it, so a race closes with nobody connected.
 */
export function nextTransitionAt(schedule: RaceSchedule): number | null {
  if (schedule.status === "countdown") return schedule.startsAt;
  if (schedule.status === "running") return schedule.endsAt;
  return null;
}

/** Milliseconds of racing left (frozen while paused); null without a time limit. */
export function remainingMs(schedule: RaceSchedule, now: number): number | null {
  const s = settle(schedule, now);
  if (s.endsAt === null) return null;
  if (s.status === "ended") return 0;
  const at = s.status === "paused" && s.pausedAt !== null ? s.pausedAt : now;
  return Math.max(0, s.endsAt - Math.max(at, s.startsAt ?? at));
}
