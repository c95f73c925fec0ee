import { describe, expect, it } from "vitest";
import { Turns } from "@/server/scoring/turns";

/** A job that records when it starts and finishes only when the test releases it. */
function gate(log: string[], name: string) {
  let release!: () => void;
  const done = new Promise<void>((resolve) => (release = resolve));
  return {
    work: async () => {
      log.push(`start ${name}`);
      await done;
      log.push(`end ${name}`);
      return name;
    },
    release: () => release(),
  };
}
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
const turns = async (n: number) => {
  for (let i = 0; i < n; i++) await turn();
};

describe("Turns", () => {
  it("with one lane runs work strictly one after another, in order of arrival", async () => {
    const log: string[] = [];
    const t = new Turns(1);
    const [a, b, c] = ["a", "b", "c"].map((n) => gate(log, n));
    const results = [t.run(a!.work), t.run(b!.work), t.run(c!.work)];
    await turns(3);
    expect(log).toEqual(["start a"]);
    a!.release();
    await turns(3);
    expect(log).toEqual(["start a", "end a", "start b"]);
    b!.release();
    c!.release();
    expect(await Promise.all(results)).toEqual(["a", "b", "c"]);
    expect(log).toEqual(["start a", "end a", "start b", "end b", "start c", "end c"]);
  });

  it("with three lanes overlaps three jobs, starts the fourth when one ends, and never starts in the caller's turn", async () => {
    const log: string[] = [];
    const t = new Turns(3);
    const jobs = ["a", "b", "c", "d"].map((n) => gate(log, n));
    const results = jobs.map((j) => t.run(j.work));
    expect(log).toEqual([]);
    await turns(3);
    expect(log).toEqual(["start a", "start b", "start c"]);
    jobs[1]!.release();
    await turns(3);
    expect(log).toEqual(["start a", "start b", "start c", "end b", "start d"]);
    for (const j of jobs) j.release();
    expect(await Promise.all(results)).toEqual(["a", "b", "c", "d"]);
  });

  it("passes a failure to its caller and keeps serving the rest", async () => {
    const t = new Turns(1);
    const failing = t.run(async () => {
      throw new Error("query failed");
    });
    const next = t.run(async () => 42);
    await expect(failing).rejects.toThrow("query failed");
    expect(await next).toBe(42);
  });

  it("refuses a lane count that is not a positive integer", () => {
    expect(() => new Turns(0)).toThrow(/at least one lane/);
    expect(() => new Turns(1.5)).toThrow(/at least one lane/);
  });
});
