/**
 * The race timers on a manual clock: each race's next timed transition fires once, a homework's opening then its
 * close; an eight-week homework (longer than a timer can wait) is re-armed until its close; a failed settling is
 * tried again; stop() leaves nothing behind. The settling function is the pure one the service wraps (settle).
 */
import { describe, expect, it } from "vitest";
import { homeworkSchedule } from "@/lib/race/homework";
import { settle, type RaceSchedule } from "@/lib/race/status";
import { createLogger } from "@/server/logger";
import { MAX_TIMER_MS, RaceDeadlines } from "@/server/race/deadlines";
import { ManualTime } from "../../support/manual-time";

const DAY = 86_400_000;

/** Races kept as the Race rows would be, settled when their timer fires (what the lifecycle writes). */
function harness(start = Date.parse("2026-12-07T00:00:00Z")) {
  const time = new ManualTime(start);
  const stored = new Map<string, RaceSchedule>();
  const fired: [string, number][] = [];
  let failures = 0;
  const deadlines = new RaceDeadlines({ clock: time, scheduler: time, logger: createLogger("silent") }, async (raceId) => {
    fired.push([raceId, time.now()]);
    if (failures > 0) {
      failures--;
      throw new Error("database away");
    }
    const schedule = stored.get(raceId);
    if (!schedule) return null;
    const settled = settle(schedule, time.now());
    stored.set(raceId, settled);
    return settled;
  });
  const homework = (id: string, opensAt: number, closesAt: number) => {
    const checked = homeworkSchedule({ opensAt, closesAt }, time.now());
    if (!checked.ok) throw new Error(checked.problem);
    stored.set(id, checked.schedule);
    deadlines.arm(id, checked.schedule);
  };
  return { time, stored, fired, deadlines, homework, failNext: (n: number) => (failures = n) };
}

describe("race timers", () => {
  it("open a homework at its opening and close it at its close, once each", async () => {
    const { time, stored, fired, deadlines, homework } = harness();
    const opensAt = time.now() + DAY;
    const closesAt = opensAt + 3 * DAY;
    homework("h", opensAt, closesAt);
    await time.advance(DAY - 1);
    expect(stored.get("h")?.status).toBe("countdown");
    await time.advance(1);
    expect(stored.get("h")?.status).toBe("running");
    await time.advance(3 * DAY);
    expect(stored.get("h")).toMatchObject({ status: "ended", endedAt: closesAt });
    expect(fired).toEqual([
      ["h", opensAt],
      ["h", closesAt],
    ]);
    expect(deadlines.armed).toBe(0);
    expect(time.pending).toBe(0);
  });

  it("re-arms a wait longer than a timer can hold until the close (an eight-week homework)", async () => {
    const { time, stored, fired, homework } = harness();
    const closesAt = time.now() + 8 * 7 * DAY;
    homework("long", time.now(), closesAt);
    await time.advance(8 * 7 * DAY);
    expect(stored.get("long")).toMatchObject({ status: "ended", endedAt: closesAt });
    // Each wait was at most MAX_TIMER_MS; the last one fired at the close itself.
    expect(fired.length).toBe(Math.ceil((8 * 7 * DAY) / MAX_TIMER_MS));
    expect(fired[fired.length - 1]).toEqual(["long", closesAt]);
  });

  it("tries again a minute later when the close could not be written (not at once, over and over)", async () => {
    const time = new ManualTime(Date.parse("2026-12-07T00:00:00Z"));
    const closing: RaceSchedule = { kind: "homework", status: "running", startsAt: time.now(), endsAt: time.now() + 1000, pausedAt: null, endedAt: null };
    let writable = false;
    const calls: number[] = [];
    const deadlines = new RaceDeadlines({ clock: time, scheduler: time, logger: createLogger("silent") }, async () => {
      calls.push(time.now());
      // As the lifecycle does when its write fails: the stored schedule is unchanged.
      return writable ? settle(closing, time.now()) : closing;
    });
    deadlines.arm("h", closing);
    await time.advance(1000);
    await time.advance(59_000);
    expect(calls).toEqual([closing.endsAt]);
    writable = true;
    await time.advance(1000);
    expect(calls).toEqual([closing.endsAt, closing.endsAt! + 60_000]);
    expect(deadlines.armed).toBe(0);
  });

  it("tries again when settling failed, and arms nothing for a race that is gone", async () => {
    const { time, stored, fired, deadlines, homework, failNext } = harness();
    homework("h", time.now(), time.now() + DAY);
    failNext(1);
    await time.advance(DAY);
    expect(stored.get("h")?.status).toBe("running");
    await time.advance(60_000);
    expect(stored.get("h")?.status).toBe("ended");
    expect(fired.length).toBe(2);

    deadlines.arm("gone", { kind: "homework", status: "running", startsAt: time.now(), endsAt: time.now() + 1000, pausedAt: null, endedAt: null });
    await time.advance(1000);
    expect(deadlines.armed).toBe(0);
  });

  it("arms one timer per race, and stops without leaving one", async () => {
    const { time, deadlines, homework } = harness();
    homework("a", time.now() + DAY, time.now() + 2 * DAY);
    homework("b", time.now(), time.now() + DAY);
    expect(deadlines.armed).toBe(2);
    deadlines.stop();
    expect(time.pending).toBe(0);
    deadlines.arm("c", { kind: "live", status: "running", startsAt: time.now(), endsAt: time.now() + 1000, pausedAt: null, endedAt: null });
    expect(time.pending).toBe(0);
  });
});
