/**
 * The roster area over the socket: entering a classroom's room (after the membership check) to receive live
 * updates, leaving it, and presence (online while at least one of the user's sockets is in the room).
 */
import type { AppContext } from "../context";
import { AppError } from "../errors";
import { roomSnapshot } from "../services/classrooms";
import { roomNames } from "./channel";
import { onRequest, type AppSocket } from "./handler";

async function goOnline(ctx: AppContext, socket: AppSocket, classroomId: string): Promise<void> {
  if (await ctx.presence.connect(classroomId, socket.data.userId)) {
    ctx.rooms.toClassroom(classroomId, "roster:presence-changed", { classroomId, userId: socket.data.userId, online: true });
  }
}

async function goOffline(ctx: AppContext, socket: AppSocket, classroomId: string): Promise<void> {
  if (await ctx.presence.disconnect(classroomId, socket.data.userId)) {
    ctx.rooms.toClassroom(classroomId, "roster:presence-changed", { classroomId, userId: socket.data.userId, online: false });
  }
}

export function registerRoster(socket: AppSocket, ctx: AppContext): void {
  onRequest(socket, ctx, "room:enter", async ({ classroomId }) => {
    // Throws `forbidden` for non-members: the socket never joins a room it does not belong to.
    const snapshot = await roomSnapshot(ctx, classroomId, socket.data.userId);
    await socket.join(roomNames.classroom(classroomId));
    if (snapshot.me.role === "teacher") await socket.join(roomNames.classroomTeachers(classroomId));
    if (!socket.data.classroomIds.includes(classroomId)) {
      socket.data.classroomIds = [...socket.data.classroomIds, classroomId];
      await goOnline(ctx, socket, classroomId);
      const me = snapshot.members.find((m) => m.userId === socket.data.userId);
      if (me) me.online = true;
    }
    return snapshot;
  });

  onRequest(socket, ctx, "room:leave", async ({ classroomId }) => {
    if (!socket.data.classroomIds.includes(classroomId)) throw new AppError("forbidden", { reason: "not_in_room" });
    socket.data.classroomIds = socket.data.classroomIds.filter((id) => id !== classroomId);
    await socket.leave(roomNames.classroom(classroomId));
    await socket.leave(roomNames.classroomTeachers(classroomId));
    await goOffline(ctx, socket, classroomId);
    return {};
  });

  socket.on("disconnect", () => {
    for (const classroomId of socket.data.classroomIds) {
      goOffline(ctx, socket, classroomId).catch((error: unknown) =>
        ctx.logger.error("presence update failed", { classroomId, userId: socket.data.userId, error }),
      );
    }
  });
}

/**
 * After connection-state recovery the socket is back in its rooms without re-entering them. Membership may have
 * changed while it was away (removed, left): keep only the rooms it still belongs to, and count it present again
 * there (its disconnect took it out).
 */
export async function restoreRosterPresence(socket: AppSocket, ctx: AppContext): Promise<void> {
  const kept: string[] = [];
  for (const classroomId of socket.data.classroomIds) {
    if (await ctx.repos.memberships.find(classroomId, socket.data.userId)) {
      kept.push(classroomId);
    } else {
      await socket.leave(roomNames.classroom(classroomId));
      await socket.leave(roomNames.classroomTeachers(classroomId));
    }
  }
  socket.data.classroomIds = kept;
  for (const classroomId of kept) await goOnline(ctx, socket, classroomId);
}
