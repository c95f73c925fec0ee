/**
 * When a race takes submissions. Students upload when their run finishes, and the race's end makes every
 * still-training client upload at once: a short grace after the deadline lets those uploads (sent on time,
 * still on the wire) count, and nothing later does.
 */
/** Uploads started before the deadline arrive within this, even from a slow school network. */
export const SUBMISSION_GRACE_MS = 15_000;

export interface RaceTiming {
  status: "lobby" | "countdown" | "running" | "paused" | "ended";
  endsAt: Date | null;
  endedAt: Date | null;
  revealedAt: Date | null;
}

export type SubmissionWindow = { open: true } | { open: false; reason: "not_started" | "deadline_passed" };

export function submissionWindow(race: RaceTiming, now: number): SubmissionWindow {
  if (race.status === "lobby" || race.status === "countdown") return { open: false, reason: "not_started" };
  // Once the private board is out, a late upload could be tuned on the hidden data.
  if (race.revealedAt !== null) return { open: false, reason: "deadline_passed" };
  const deadline = race.status === "ended" ? race.endedAt ?? race.endsAt : race.endsAt;
  if (race.status === "ended" && deadline === null) return { open: false, reason: "deadline_passed" };
  if (deadline !== null && now > deadline.getTime() + SUBMISSION_GRACE_MS) return { open: false, reason: "deadline_passed" };
  return { open: true };
}
