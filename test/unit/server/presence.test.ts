import { describe, expect, it } from "vitest";
import { MemoryPresence } from "@/server/presence/presence";

describe("in-memory presence", () => {
  it("goes online with the first socket and offline with the last", async () => {
    const presence = new MemoryPresence();
    expect(await presence.connect("c", "anna")).toBe(true);
    expect(await presence.connect("c", "anna")).toBe(false);
    expect(await presence.online("c")).toEqual(new Set(["anna"]));
    expect(await presence.disconnect("c", "anna")).toBe(false);
    expect(await presence.disconnect("c", "anna")).toBe(true);
    expect(await presence.online("c")).toEqual(new Set());
  });

  it("ignores disconnects of users it does not count (removed meanwhile)", async () => {
    const presence = new MemoryPresence();
    await presence.connect("c", "anna");
    await presence.clear("c", "anna");
    expect(await presence.disconnect("c", "anna")).toBe(false);
    expect(await presence.connect("c", "anna")).toBe(true);
  });
});
