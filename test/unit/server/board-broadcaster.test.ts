/** Board broadcasts are coalesced per race: a burst of changes becomes a few broadcasts of the latest state. */
import { describe, expect, it } from "vitest";
import type { AppContext } from "@/server/context";
import type { RaceRecord } from "@/server/persistence/records";
import { BoardBroadcaster } from "@/server/scoring/board-broadcaster";
import { aRace } from "../../support/records";

const ctx = { clock: { now: () => Date.now() }, logger: { error: () => {} } } as unknown as AppContext;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("BoardBroadcaster", () => {
  it("sends at once after a quiet spell, then at most once per interval, always the latest state", async () => {
    const sent: string[] = [];
    const broadcaster = new BoardBroadcaster(ctx, async (_ctx, race) => void sent.push(race.name), 50);
    const race = aRace("c", "t");
    const version = (n: number): RaceRecord => ({ ...race, name: `v${n}` });
    broadcaster.changed(version(1));
    await sleep(5);
    expect(sent).toEqual(["v1"]);
    for (let n = 2; n <= 20; n++) broadcaster.changed(version(n));
    await sleep(120);
    expect(sent).toEqual(["v1", "v20"]);
  });

  it("keeps races apart, and a failed broadcast does not stop the next one", async () => {
    const sent: string[] = [];
    let fail = true;
    const broadcaster = new BoardBroadcaster(
      ctx,
      async (_ctx, race) => {
        if (fail && race.name === "a1") throw new Error("database closed");
        sent.push(race.name);
      },
      20,
    );
    const [a, b] = [aRace("c", "t"), aRace("c", "t")];
    broadcaster.changed({ ...a, name: "a1" });
    broadcaster.changed({ ...b, name: "b1" });
    await sleep(10);
    expect(sent).toEqual(["b1"]);
    fail = false;
    broadcaster.changed({ ...a, name: "a2" });
    await sleep(60);
    expect(sent).toEqual(["b1", "a2"]);
  });
});
