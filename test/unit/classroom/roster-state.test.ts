import { describe, expect, it } from "vitest";
import { applyRosterEvent, rosterCounts, type RosterState } from "@/lib/classroom/roster-state";
import type { RosterMember } from "@/lib/classroom/views";

const member = (userId: string, role: "teacher" | "student" = "student", online = false): RosterMember => ({
  userId,
  displayName: userId.toUpperCase(),
  role,
  joinedAt: "2026-03-01T09:00:00.000Z",
  online,
});

const initial: RosterState = {
  gone: false,
  snapshot: {
    classroom: { id: "c1", name: "Physics", locked: false, archived: false, joinCode: "K7Q-4PX" },
    members: [member("t", "teacher", true), member("anna")],
    me: { userId: "t", role: "teacher" },
  },
};

describe("roster state", () => {
  it("adds a joined member once, however often the broadcast arrives", () => {
    const once = applyRosterEvent(initial, { type: "joined", member: member("ben") });
    const twice = applyRosterEvent(once, { type: "joined", member: member("ben") });
    expect(twice.snapshot.members.map((m) => m.userId)).toEqual(["t", "anna", "ben"]);
  });

  it("drops members who left or were removed, and notices when it is the viewer", () => {
    const left = applyRosterEvent(initial, { type: "left", userId: "anna" });
    expect(left.snapshot.members.map((m) => m.userId)).toEqual(["t"]);
    expect(left.gone).toBe(false);
    expect(applyRosterEvent(initial, { type: "removed", userId: "t" }).gone).toBe(true);
  });

  it("tracks presence and counts online students (not teachers)", () => {
    const online = applyRosterEvent(initial, { type: "presence", userId: "anna", online: true });
    expect(rosterCounts(online.snapshot)).toEqual({ online: 1, total: 1 });
    expect(rosterCounts(applyRosterEvent(online, { type: "presence", userId: "anna", online: false }).snapshot)).toEqual({ online: 0, total: 1 });
  });

  it("applies classroom updates without losing the teacher's join code", () => {
    const updated = applyRosterEvent(initial, { type: "updated", classroom: { id: "c1", name: "Physics", locked: true, archived: false } });
    expect(updated.snapshot.classroom).toEqual({ id: "c1", name: "Physics", locked: true, archived: false, joinCode: "K7Q-4PX" });
  });
});
