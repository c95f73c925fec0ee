/**
 * After a Redis outage: this process puts its connected sockets back into presence (Redis may have restarted
 * empty, and changes made during the outage were skipped), then tells the rooms the truth about everyone whose
 * presence they may have seen wrong: everyone the store now counts online, and everyone whose change was
 * skipped. A socket that stayed connected through the outage is online again without reconnecting.
 */
import type { AppContext } from "../context";
import type { TolerantPresence } from "../presence/tolerant";
import { roomNames, type AppServer } from "./channel";

/** This process's sockets per classroom room they are in: classroom → user → sockets. */
function localCounts(io: AppServer): Map<string, Map<string, number>> {
  const counts = new Map<string, Map<string, number>>();
  for (const socket of io.of("/").sockets.values()) {
    for (const classroomId of socket.data.classroomIds ?? []) {
      // Removed from the classroom meanwhile: its rooms were left, its list not rewritten.
      if (!socket.rooms.has(roomNames.classroom(classroomId))) continue;
      const users = counts.get(classroomId) ?? new Map<string, number>();
      users.set(socket.data.userId, (users.get(socket.data.userId) ?? 0) + 1);
      counts.set(classroomId, users);
    }
  }
  return counts;
}

export async function rebuildPresence(io: AppServer, ctx: AppContext, presence: TolerantPresence): Promise<void> {
  const missed = presence.takeMissed();
  try {
    const local = localCounts(io);
    const classrooms = new Set([...local.keys(), ...missed.keys()]);
    for (const classroomId of classrooms) await presence.store.restore(classroomId, local.get(classroomId) ?? new Map());
    for (const classroomId of classrooms) {
      const online = await presence.store.online(classroomId);
      const concerned = new Set([...online, ...(missed.get(classroomId) ?? [])]);
      for (const userId of concerned) {
        ctx.rooms.toClassroom(classroomId, "roster:presence-changed", { classroomId, userId, online: online.has(userId) });
      }
    }
    ctx.logger.info("presence rebuilt after the Redis outage", { classrooms: classrooms.size });
  } catch (error) {
    // Redis went away again: what was missed stays missed, for the next recovery.
    presence.giveBack(missed);
    throw error;
  }
}
