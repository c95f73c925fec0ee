/**
 * Homework races: a race that opens and closes at instants the teacher sets (hours to weeks), with no live
 * countdown. Students train whenever they like in between, under the race's rules. Pure: "now" is passed in.
 *
 * Instants are epoch milliseconds (UTC): the teacher's page turns the date-times typed in the teacher's own time
 * zone into instants, and every reader's page shows them in the reader's zone, naming it.
 */
import type { RaceSchedule } from "./status";

const HOUR_MS = 60 * 60 * 1000;

export const HOMEWORK_LIMITS = {
  /** Shorter than this is a live race's job. */
  minOpenMs: HOUR_MS,
  /** A school term's half: longer is forgotten homework. */
  maxOpenMs: 8 * 7 * 24 * HOUR_MS,
  /** How far ahead it may open (a homework for next term is set next term). */
  maxLeadMs: 26 * 7 * 24 * HOUR_MS,
} as const;

export interface HomeworkWindow {
  opensAt: number;
  closesAt: number;
}

/** Why a window is refused; each has a message in lib/i18n (race.errors) with the values it carries. */
export type HomeworkProblem = "homework_closes_before_opens" | "homework_too_short" | "homework_too_long" | "homework_closes_in_past" | "homework_opens_too_late";

export type HomeworkCheck =
  | { ok: true; schedule: RaceSchedule }
  | { ok: false; problem: HomeworkProblem; field: "opensAt" | "closesAt"; values: Record<string, number> };

const hours = (ms: number) => Math.round(ms / HOUR_MS);

/**
 * The schedule of a homework set at `now`: waiting to open ("countdown") or already open ("running") when it opens
 * now or earlier. `settle` then opens and closes it at its instants like any timed transition.
 */
export function homeworkSchedule(window: HomeworkWindow, now: number): HomeworkCheck {
  const { opensAt, closesAt } = window;
  const refuse = (problem: HomeworkProblem, field: "opensAt" | "closesAt", values: Record<string, number> = {}) => ({ ok: false as const, problem, field, values });
  if (closesAt <= opensAt) return refuse("homework_closes_before_opens", "closesAt");
  if (closesAt <= now) return refuse("homework_closes_in_past", "closesAt");
  if (opensAt - now > HOMEWORK_LIMITS.maxLeadMs) return refuse("homework_opens_too_late", "opensAt", { weeks: HOMEWORK_LIMITS.maxLeadMs / (7 * 24 * HOUR_MS) });
  // The length students actually get: from now when it is already open.
  const open = closesAt - Math.max(opensAt, now);
  if (open < HOMEWORK_LIMITS.minOpenMs) return refuse("homework_too_short", "closesAt", { hours: hours(HOMEWORK_LIMITS.minOpenMs) });
  if (closesAt - opensAt > HOMEWORK_LIMITS.maxOpenMs) return refuse("homework_too_long", "closesAt", { weeks: HOMEWORK_LIMITS.maxOpenMs / (7 * 24 * HOUR_MS) });
  return { ok: true, schedule: { kind: "homework", status: opensAt <= now ? "running" : "countdown", startsAt: opensAt, endsAt: closesAt, pausedAt: null, endedAt: null } };
}

/** One student's homework so far, as the teacher sees it. */
export interface HomeworkProgressRow {
  userId: string;
  displayName: string;
  /** Verified submissions stored (within the limit). */
  used: number;
  /** The best public score among them; null before the first (or when none could be scored). */
  bestPublicScore: number | null;
  /** When the latest arrived (epoch ms); null before the first. */
  lastAt: number | null;
}

/**
 * Every student of the classroom, with what they submitted: those who have not yet come first (the teacher's
 * reminder list), then by name.
 */
export function homeworkProgress(
  students: readonly { userId: string; displayName: string }[],
  submissions: readonly { userId: string; publicScore: number | null; createdAt: number }[],
): HomeworkProgressRow[] {
  const rows = new Map<string, HomeworkProgressRow>(students.map((s) => [s.userId, { ...s, used: 0, bestPublicScore: null, lastAt: null }]));
  for (const submission of submissions) {
    const row = rows.get(submission.userId);
    // A student who left the classroom is not on the teacher's list any more.
    if (!row) continue;
    row.used++;
    row.lastAt = Math.max(row.lastAt ?? -Infinity, submission.createdAt);
    const score = submission.publicScore;
    if (score !== null && Number.isFinite(score) && (row.bestPublicScore === null || score < row.bestPublicScore)) row.bestPublicScore = score;
  }
  return [...rows.values()].sort((a, b) => Number(a.used > 0) - Number(b.used > 0) || a.displayName.localeCompare(b.displayName) || (a.userId < b.userId ? -1 : 1));
}
