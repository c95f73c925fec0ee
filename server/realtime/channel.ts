/**
 * How services talk to connected sockets without knowing Socket.IO: emit to a classroom's room (or only its
 * teachers), and take users or sessions out. Backed by the Socket.IO server, so with the Redis adapter every
 * call reaches sockets on every process.
 */
import type { Server } from "socket.io";
import type { Broadcasts, BroadcastName, ClientToServerEvents, InterServerEvents, ServerToClientEvents, SocketData } from "@/lib/realtime/events";
import type { z } from "zod";

export type AppServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export const roomNames = {
  classroom: (classroomId: string) => `classroom:${classroomId}`,
  classroomTeachers: (classroomId: string) => `classroom:${classroomId}:teachers`,
  user: (userId: string) => `user:${userId}`,
  session: (idHash: string) => `session:${idHash}`,
  /** Everyone watching a race (its ticks and run updates); members of its classroom only. */
  race: (raceId: string) => `race:${raceId}`,
};

type Payload<E extends BroadcastName> = z.output<Broadcasts[E]>;

export interface RoomChannel {
  toClassroom<E extends BroadcastName>(classroomId: string, event: E, payload: Payload<E>): void;
  toTeachers<E extends BroadcastName>(classroomId: string, event: E, payload: Payload<E>): void;
  /** Everyone in the classroom's room except its teachers. */
  toStudents<E extends BroadcastName>(classroomId: string, event: E, payload: Payload<E>): void;
  /**
   * Takes every socket of a user out of a classroom's rooms (removed, or left), the rooms of the classroom's
   * races (`raceIds`) included: a removed student must not go on receiving a race's ticks.
   */
  removeUser(classroomId: string, userId: string, raceIds?: readonly string[]): void;
  /** Disconnects every socket opened with a session (signed out). */
  disconnectSession(idHash: string): void;
  /** Disconnects every socket of a user but those of `exceptSession` (their sessions were revoked). */
  disconnectUser(userId: string, exceptSession?: string): void;
}

export function createRoomChannel(io: AppServer): RoomChannel {
  // Socket.IO's emit typing cannot follow a generic event name; the public signature above keeps it checked.
  type Emit = (event: string, payload: unknown) => boolean;
  return {
    toClassroom(classroomId, event, payload) {
      (io.to(roomNames.classroom(classroomId)).emit as Emit)(event, payload);
    },
    toTeachers(classroomId, event, payload) {
      (io.to(roomNames.classroomTeachers(classroomId)).emit as Emit)(event, payload);
    },
    toStudents(classroomId, event, payload) {
      const room = io.to(roomNames.classroom(classroomId)).except(roomNames.classroomTeachers(classroomId));
      (room.emit as Emit)(event, payload);
    },
    removeUser(classroomId, userId, raceIds = []) {
      io.in(roomNames.user(userId)).socketsLeave([roomNames.classroom(classroomId), roomNames.classroomTeachers(classroomId), ...raceIds.map(roomNames.race)]);
    },
    disconnectSession(idHash) {
      io.in(roomNames.session(idHash)).disconnectSockets(true);
    },
    disconnectUser(userId, exceptSession) {
      const sockets = io.in(roomNames.user(userId));
      (exceptSession ? sockets.except(roomNames.session(exceptSession)) : sockets).disconnectSockets(true);
    },
  };
}
