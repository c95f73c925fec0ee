/**
 * When a race takes submissions. Students upload when their run finishes, and a live race's end makes every
 * still-training client upload at once: a short grace after the deadline lets those uploads (sent on time,
 * still on the wire) count, and nothing later does. A homework race has no such rush (its close was known for
 * days), so nothing after its close counts.
 */
import { settle, type RaceKind, type RaceStatus } from "../race/status";

/** Uploads started before the deadline arrive within this, even from a slow school network. */
export const SUBMISSION_GRACE_MS = 15_000;

export interface RaceTiming {
  /** Absent: a live race (rows written before homework existed). */
  kind?: RaceKind;
  status: RaceStatus;
  /** When a countdown ends or a homework opens; the stored status may not have caught up yet. */
  startsAt?: Date | null;
  endsAt: Date | null;
  endedAt: Date | null;
  revealedAt: Date | null;
}

export type SubmissionWindow = { open: true } | { open: false; reason: "not_started" | "deadline_passed" };

const ms = (d: Date | null | undefined) => (d ? d.getTime() : null);

export function submissionWindow(race: RaceTiming, now: number): SubmissionWindow {
  const kind = race.kind ?? "live";
  // The status as of now: a homework opens at its instant even if no process has written "running" yet.
  const { status } = settle({ kind, status: race.status, startsAt: ms(race.startsAt), endsAt: ms(race.endsAt), pausedAt: null, endedAt: ms(race.endedAt) }, now);
  if (status === "lobby" || status === "countdown") return { open: false, reason: "not_started" };
  // Once the private board is out, a late upload could be tuned on the hidden data.
  if (race.revealedAt !== null) return { open: false, reason: "deadline_passed" };
  const deadline = race.status === "ended" ? race.endedAt ?? race.endsAt : race.endsAt;
  if (race.status === "ended" && deadline === null) return { open: false, reason: "deadline_passed" };
  const grace = kind === "homework" ? 0 : SUBMISSION_GRACE_MS;
  if (deadline !== null && (kind === "homework" ? now >= deadline.getTime() : now > deadline.getTime() + grace)) return { open: false, reason: "deadline_passed" };
  return { open: true };
}
