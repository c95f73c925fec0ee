/**
 * Folding live roster broadcasts into the snapshot a page holds. Pure and idempotent: the same event applied
 * twice (a broadcast racing the snapshot after a reconnect) leaves the same state.
 */
import type { ClassroomView, RoomSnapshot, RosterMember } from "./views";

export type RosterEvent =
  | { type: "joined"; member: RosterMember }
  | { type: "left"; userId: string }
  | { type: "removed"; userId: string }
  | { type: "presence"; userId: string; online: boolean }
  | { type: "updated"; classroom: ClassroomView };

export interface RosterState {
  snapshot: RoomSnapshot;
  /** Set when the viewer was removed, or left: the page stops showing the room. */
  gone: boolean;
}

export function applyRosterEvent(state: RosterState, event: RosterEvent): RosterState {
  const { snapshot } = state;
  switch (event.type) {
    case "joined": {
      if (snapshot.members.some((m) => m.userId === event.member.userId)) return state;
      return { ...state, snapshot: { ...snapshot, members: [...snapshot.members, event.member] } };
    }
    case "left":
    case "removed": {
      const members = snapshot.members.filter((m) => m.userId !== event.userId);
      return { gone: state.gone || event.userId === snapshot.me.userId, snapshot: { ...snapshot, members } };
    }
    case "presence": {
      const members = snapshot.members.map((m) => (m.userId === event.userId ? { ...m, online: event.online } : m));
      return { ...state, snapshot: { ...snapshot, members } };
    }
    case "updated": {
      // Students' updates carry no join code; never let one erase what a teacher's view holds.
      const classroom = { ...snapshot.classroom, ...event.classroom };
      return { ...state, snapshot: { ...snapshot, classroom } };
    }
  }
}

/** Students only: the count tells a teacher who of the class is here (the page labels it "students online"). */
export function rosterCounts(snapshot: RoomSnapshot): { online: number; total: number } {
  const students = snapshot.members.filter((m) => m.role === "student");
  return { online: students.filter((m) => m.online).length, total: students.length };
}
