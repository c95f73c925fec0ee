/**
 * The roster area: entering a classroom room to receive its live roster, and the broadcasts that keep the
 * roster current (members joining, leaving, removed, going online/offline, classroom settings changing).
 */
import { z } from "zod";
import { ZClassroomView, ZRosterMember, ZRoomSnapshot } from "../classroom/views";
import { defineBroadcasts, defineRequests } from "./protocol";

const ZClassroomId = z.string().min(1).max(64);

export const rosterRequests = defineRequests({
  /** Subscribe this socket to a classroom's live updates; the ack carries the full roster to start from. */
  "room:enter": { request: z.object({ classroomId: ZClassroomId }).strict(), response: ZRoomSnapshot },
  /** Stop receiving a classroom's updates (navigating away); membership is unchanged. Only after room:enter. */
  "room:leave": { request: z.object({ classroomId: ZClassroomId }).strict(), response: z.object({}) },
});

export const rosterBroadcasts = defineBroadcasts({
  "roster:joined": z.object({ classroomId: z.string(), member: ZRosterMember }),
  /** A student left the classroom on their own. */
  "roster:left": z.object({ classroomId: z.string(), userId: z.string() }),
  /** A teacher removed a member; a removed user's own sockets receive it too, then lose the room. */
  "roster:removed": z.object({ classroomId: z.string(), userId: z.string() }),
  "roster:presence-changed": z.object({ classroomId: z.string(), userId: z.string(), online: z.boolean() }),
  "classroom:updated": z.object({ classroom: ZClassroomView }),
});
