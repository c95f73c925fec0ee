import { describe, expect, it } from "vitest";
import { createBurstLog } from "@/server/burst-log";
import { createLogger } from "@/server/logger";

function capture() {
  const lines: { level: string; message: string; [key: string]: unknown }[] = [];
  const logger = createLogger("debug", (line) => lines.push(JSON.parse(line)));
  return { lines, logger };
}

describe("burst log", () => {
  it("logs the first of a burst and counts the rest into the next line of the same kind", () => {
    let now = 0;
    const { lines, logger } = capture();
    const log = createBurstLog(logger, { now: () => now }, 10_000);
    for (let i = 0; i < 5000; i++) log.error("room:enter boom", "socket request failed", { event: "room:enter" });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: "error", message: "socket request failed", event: "room:enter" });
    expect(lines[0]).not.toHaveProperty("repeatsNotLogged");
    now = 10_000;
    log.error("room:enter boom", "socket request failed", { event: "room:enter" });
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatchObject({ repeatsNotLogged: 4999 });
  });

  it("keeps kinds and levels apart", () => {
    const { lines, logger } = capture();
    const log = createBurstLog(logger, { now: () => 0 });
    log.error("a", "first");
    log.error("b", "second");
    log.warn("a", "third");
    log.error("a", "again");
    expect(lines.map((l) => l.message)).toEqual(["first", "second", "third"]);
  });

  it("stays bounded under a flood of distinct kinds", () => {
    const { lines, logger } = capture();
    const log = createBurstLog(logger, { now: () => 0 });
    for (let i = 0; i < 3000; i++) log.warn(`kind ${i}`, "distinct");
    // Every distinct kind is logged once; the memory of kinds does not grow past its cap.
    expect(lines).toHaveLength(3000);
    log.warn("kind 2999", "distinct");
    expect(lines).toHaveLength(3000);
  });
});
