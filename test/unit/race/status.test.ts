import { describe, expect, it } from "vitest";
import { applyControl, INITIAL_SCHEDULE, remainingMs, settle, type RaceSchedule } from "@/lib/race/status";

const T0 = 1_700_000_000_000;

function run(controls: [Parameters<typeof applyControl>[1], number][]): RaceSchedule {
  let s = INITIAL_SCHEDULE;
  for (const [control, at] of controls) {
    const r = applyControl(s, control, at);
    if (!r.ok) throw new Error(`${control.type} refused: ${r.reason}`);
    s = r.schedule;
  }
  return s;
}

describe("race status machine", () => {
  it("goes lobby → countdown → running → ended on its own when the time limit passes", () => {
    const s = run([
      [{ type: "start", countdownMs: 3000, timeLimitMs: 60_000 }, T0 + 1000],
    ]);
    expect(s).toMatchObject({ status: "countdown", startsAt: T0 + 4000, endsAt: T0 + 64_000 });
    expect(settle(s, T0 + 3999).status).toBe("countdown");
    expect(settle(s, T0 + 4000).status).toBe("running");
    expect(settle(s, T0 + 64_000)).toMatchObject({ status: "ended", endedAt: T0 + 64_000 });
  });

  it("moves the deadline by the length of a pause and by an extension", () => {
    let s = run([
      [{ type: "start", countdownMs: 0, timeLimitMs: 60_000 }, T0],
      [{ type: "pause" }, T0 + 10_000],
    ]);
    expect(remainingMs(s, T0 + 30_000)).toBe(50_000);
    s = run([
      [{ type: "start", countdownMs: 0, timeLimitMs: 60_000 }, T0],
      [{ type: "pause" }, T0 + 10_000],
      [{ type: "resume" }, T0 + 25_000],
      [{ type: "extend", byMs: 30_000 }, T0 + 30_000],
    ]);
    expect(s).toMatchObject({ status: "running", endsAt: T0 + 60_000 + 15_000 + 30_000, pausedAt: null });
    expect(remainingMs(s, T0 + 30_000)).toBe(75_000);
  });

  it("refuses controls in the wrong status and leaves the schedule as it was", () => {
    const lobby = run([]);
    expect(applyControl(lobby, { type: "pause" }, T0)).toEqual({ ok: false, reason: "wrong_status" });
    expect(applyControl(lobby, { type: "resume" }, T0)).toEqual({ ok: false, reason: "wrong_status" });
    const untimed = run([
      [{ type: "start", countdownMs: 0, timeLimitMs: null }, T0],
    ]);
    expect(applyControl(untimed, { type: "extend", byMs: 1000 }, T0)).toEqual({ ok: false, reason: "no_time_limit" });
    const ended = run([
      [{ type: "start", countdownMs: 0, timeLimitMs: null }, T0],
      [{ type: "end" }, T0 + 5],
    ]);
    expect(ended).toMatchObject({ status: "ended", endedAt: T0 + 5 });
    for (const type of ["start", "pause", "resume", "end"] as const) {
      const control = type === "start" ? { type, countdownMs: 0, timeLimitMs: null } : { type };
      expect(applyControl(ended, control as never, T0 + 10).ok).toBe(false);
    }
    // A race whose time ran out is ended even if nobody wrote it down yet: pausing it is refused.
    const timed = run([
      [{ type: "start", countdownMs: 0, timeLimitMs: 1000 }, T0],
    ]);
    expect(applyControl(timed, { type: "pause" }, T0 + 2000)).toEqual({ ok: false, reason: "wrong_status" });
  });
});
