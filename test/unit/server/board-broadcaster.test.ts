/** Board broadcasts are coalesced per race: a burst of changes becomes a few broadcasts of the latest state. */
import { describe, expect, it } from "vitest";
import { createLogger } from "@/server/logger";
import type { RaceRecord } from "@/server/persistence/records";
import { BoardBroadcaster } from "@/server/scoring/board-broadcaster";
import { ManualTime } from "../../support/manual-time";
import { aRace } from "../../support/records";

const logger = createLogger("silent");

function setup(intervalMs: number, send?: (race: RaceRecord) => Promise<void>) {
  const time = new ManualTime();
  const sent: { name: string; at: number }[] = [];
  const start = time.now();
  const broadcaster = new BoardBroadcaster(time, time, logger, send ?? (async (race) => void sent.push({ name: race.name, at: time.now() - start })), intervalMs);
  return { time, sent, broadcaster };
}

describe("BoardBroadcaster", () => {
  it("sends at once after a quiet spell, then at most once per interval, always the latest state", async () => {
    const { time, sent, broadcaster } = setup(50);
    const race = aRace("c", "t");
    const version = (n: number): RaceRecord => ({ ...race, name: `v${n}` });
    broadcaster.changed(version(1));
    await time.advance(0);
    expect(sent).toEqual([{ name: "v1", at: 0 }]);
    for (let n = 2; n <= 20; n++) {
      broadcaster.changed(version(n));
      await time.advance(2);
    }
    await time.advance(100);
    expect(sent).toEqual([
      { name: "v1", at: 0 },
      { name: "v20", at: 50 },
    ]);
  });

  it("remembers its last broadcast: a change 5 ms after one waits out the interval (it used to go at once)", async () => {
    const { time, sent, broadcaster } = setup(50);
    const race = aRace("c", "t");
    broadcaster.changed({ ...race, name: "first" });
    await time.advance(5);
    broadcaster.changed({ ...race, name: "second" });
    await time.advance(5);
    expect(sent.map((s) => s.name)).toEqual(["first"]);
    await time.advance(100);
    expect(sent).toEqual([
      { name: "first", at: 0 },
      { name: "second", at: 50 },
    ]);
    // A whole quiet interval later the race is forgotten, and its next change goes out at once.
    await time.advance(200);
    broadcaster.changed({ ...race, name: "third" });
    await time.advance(0);
    expect(sent.at(-1)).toEqual({ name: "third", at: 310 });
    const gaps = sent.slice(1).map((s, i) => s.at - sent[i]!.at);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(50);
  });

  it("keeps races apart, and a failed broadcast does not stop the next one", async () => {
    const sent: string[] = [];
    let fail = true;
    const { time, broadcaster } = setup(20, async (race) => {
      if (fail && race.name === "a1") throw new Error("database closed");
      sent.push(race.name);
    });
    const [a, b] = [aRace("c", "t"), aRace("c", "t")];
    broadcaster.changed({ ...a, name: "a1" });
    broadcaster.changed({ ...b, name: "b1" });
    await time.advance(0);
    expect(sent).toEqual(["b1"]);
    fail = false;
    broadcaster.changed({ ...a, name: "a2" });
    await time.advance(60);
    expect(sent).toEqual(["b1", "a2"]);
  });

  it("close() cancels what is pending and waits for a broadcast being sent", async () => {
    let finish!: () => void;
    const sent: string[] = [];
    const { time, broadcaster } = setup(50, (race) => new Promise<void>((resolve) => (finish = () => resolve(void sent.push(race.name)))));
    const [a, b] = [aRace("c", "t"), aRace("c", "t")];
    broadcaster.changed({ ...a, name: "a1" });
    await time.advance(0);
    broadcaster.changed({ ...a, name: "a2" });
    broadcaster.changed({ ...b, name: "b1" });
    let closed = false;
    const closing = broadcaster.close().then(() => (closed = true));
    await time.advance(0);
    expect(closed).toBe(false);
    finish();
    await closing;
    await time.advance(1000);
    expect(sent).toEqual(["a1"]);
    expect(time.pending).toBe(0);
    broadcaster.changed({ ...b, name: "b2" });
    expect(time.pending).toBe(0);
  });
});
