import { describe, expect, it } from "vitest";
import { HOMEWORK_LIMITS, homeworkProgress, homeworkSchedule, type HomeworkWindow } from "@/lib/race/homework";
import { applyControl, nextTransitionAt, remainingMs, settle, type RaceSchedule } from "@/lib/race/status";
import { submissionWindow } from "@/lib/scoring/submission-window";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.parse("2026-12-07T00:00:00Z");

function scheduled(window: HomeworkWindow, now = NOW): RaceSchedule {
  const checked = homeworkSchedule(window, now);
  if (!checked.ok) throw new Error(`refused: ${checked.problem}`);
  return checked.schedule;
}

describe("homework window", () => {
  const week = { opensAt: NOW + DAY, closesAt: NOW + 8 * DAY };

  it("waits before it opens, runs while open, and is closed from its closing instant on", () => {
    const s = scheduled(week);
    expect(s).toEqual({ kind: "homework", status: "countdown", startsAt: week.opensAt, endsAt: week.closesAt, pausedAt: null, endedAt: null });
    expect(settle(s, week.opensAt - 1).status).toBe("countdown");
    expect(settle(s, week.opensAt).status).toBe("running");
    expect(settle(s, week.closesAt - 1).status).toBe("running");
    expect(settle(s, week.closesAt)).toMatchObject({ status: "ended", endedAt: week.closesAt });
    // Settled long after, in one step: a process that slept through the whole week still ends it at its close.
    expect(settle(s, week.closesAt + 30 * DAY)).toMatchObject({ status: "ended", endedAt: week.closesAt });
  });

  it("opens at once when its opening time is now or past", () => {
    expect(scheduled({ opensAt: NOW, closesAt: NOW + DAY }).status).toBe("running");
    expect(scheduled({ opensAt: NOW - DAY, closesAt: NOW + DAY }).status).toBe("running");
  });

  it("names the next timed transition: the opening, then the close, then nothing", () => {
    const s = scheduled(week);
    expect(nextTransitionAt(s)).toBe(week.opensAt);
    expect(nextTransitionAt(settle(s, week.opensAt))).toBe(week.closesAt);
    expect(nextTransitionAt(settle(s, week.closesAt))).toBeNull();
  });

  it("counts the time left to the close", () => {
    const s = scheduled(week);
    expect(remainingMs(s, week.opensAt + DAY)).toBe(6 * DAY);
    expect(remainingMs(s, week.closesAt)).toBe(0);
  });

  it.each([
    ["closes before it opens", { opensAt: NOW + DAY, closesAt: NOW + DAY - 1 }, "homework_closes_before_opens", "closesAt", {}],
    ["closes when it opens", { opensAt: NOW + DAY, closesAt: NOW + DAY }, "homework_closes_before_opens", "closesAt", {}],
    ["closed already", { opensAt: NOW - 2 * DAY, closesAt: NOW }, "homework_closes_in_past", "closesAt", {}],
    ["shorter than an hour", { opensAt: NOW + DAY, closesAt: NOW + DAY + HOUR - 1 }, "homework_too_short", "closesAt", { hours: 1 }],
    ["less than an hour left when set", { opensAt: NOW - DAY, closesAt: NOW + HOUR - 1 }, "homework_too_short", "closesAt", { hours: 1 }],
    ["longer than eight weeks", { opensAt: NOW, closesAt: NOW + 8 * 7 * DAY + 1 }, "homework_too_long", "closesAt", { weeks: 8 }],
    ["opening more than 26 weeks ahead", { opensAt: NOW + 26 * 7 * DAY + 1, closesAt: NOW + 27 * 7 * DAY }, "homework_opens_too_late", "opensAt", { weeks: 26 }],
  ])("refuses a window that %s", (_, window, problem, field, values) => {
    expect(homeworkSchedule(window, NOW)).toEqual({ ok: false, problem, field, values });
  });

  it("takes the edges: exactly an hour, exactly eight weeks", () => {
    expect(homeworkSchedule({ opensAt: NOW, closesAt: NOW + HOMEWORK_LIMITS.minOpenMs }, NOW).ok).toBe(true);
    expect(homeworkSchedule({ opensAt: NOW, closesAt: NOW + HOMEWORK_LIMITS.maxOpenMs }, NOW).ok).toBe(true);
  });

  it("refuses every control but the early close", () => {
    const open = settle(scheduled(week), week.opensAt + HOUR);
    for (const control of [{ type: "start", countdownMs: 0, timeLimitMs: null }, { type: "pause" }, { type: "resume" }, { type: "extend", byMs: 60_000 }] as const) {
      expect(applyControl(open, control, week.opensAt + HOUR)).toEqual({ ok: false, reason: "homework_fixed" });
    }
    const closed = applyControl(open, { type: "end" }, week.opensAt + 2 * HOUR);
    expect(closed).toEqual({ ok: true, schedule: { ...open, status: "ended", endedAt: week.opensAt + 2 * HOUR } });
  });
});

describe("homework submissions", () => {
  const timing = (at: Partial<Parameters<typeof submissionWindow>[0]> = {}) => ({
    kind: "homework" as const,
    status: "countdown" as const,
    startsAt: new Date(NOW + DAY),
    endsAt: new Date(NOW + 3 * DAY),
    endedAt: null,
    revealedAt: null,
    ...at,
  });

  it("are refused before the opening, taken from it (even before a process wrote 'running'), refused from the close on (no grace)", () => {
    expect(submissionWindow(timing(), NOW + DAY - 1)).toEqual({ open: false, reason: "not_started" });
    expect(submissionWindow(timing(), NOW + DAY)).toEqual({ open: true });
    expect(submissionWindow(timing({ status: "running" }), NOW + 3 * DAY - 1)).toEqual({ open: true });
    expect(submissionWindow(timing({ status: "running" }), NOW + 3 * DAY)).toEqual({ open: false, reason: "deadline_passed" });
    expect(submissionWindow(timing({ status: "ended", endedAt: new Date(NOW + 3 * DAY) }), NOW + 3 * DAY + 1)).toEqual({ open: false, reason: "deadline_passed" });
  });

  it("are refused after an early close", () => {
    expect(submissionWindow(timing({ status: "ended", endedAt: new Date(NOW + 2 * DAY) }), NOW + 2 * DAY)).toEqual({ open: false, reason: "deadline_passed" });
  });
});

describe("homework progress", () => {
  const students = [
    { userId: "u1", displayName: "Ren" },
    { userId: "u2", displayName: "Aiko" },
    { userId: "u3", displayName: "Mei" },
  ];

  it("lists every student: not yet first, then by name; counts submissions and keeps the best public score", () => {
    const rows = homeworkProgress(students, [
      { userId: "u1", publicScore: 0.2, createdAt: NOW },
      { userId: "u1", publicScore: 0.1, createdAt: NOW + DAY },
      { userId: "u1", publicScore: 0.3, createdAt: NOW + 2 * DAY },
      { userId: "u2", publicScore: null, createdAt: NOW + HOUR },
      // Someone who left the classroom: not on the list.
      { userId: "gone", publicScore: 0.01, createdAt: NOW },
    ]);
    expect(rows).toEqual([
      { userId: "u3", displayName: "Mei", used: 0, bestPublicScore: null, lastAt: null },
      { userId: "u2", displayName: "Aiko", used: 1, bestPublicScore: null, lastAt: NOW + HOUR },
      { userId: "u1", displayName: "Ren", used: 3, bestPublicScore: 0.1, lastAt: NOW + 2 * DAY },
    ]);
  });
});
