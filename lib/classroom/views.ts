/**
 * What clients see of classrooms and their members, over HTTP and over the socket. Zod schemas so the client
 * can validate what it receives, and types derived from them.
 */
import { z } from "zod";

export const ZRole = z.enum(["teacher", "student"]);

export const ZRosterMember = z.object({
  userId: z.string(),
  displayName: z.string(),
  role: ZRole,
  joinedAt: z.string(),
  online: z.boolean(),
});
export type RosterMember = z.infer<typeof ZRosterMember>;

export const ZClassroomView = z.object({
  id: z.string(),
  name: z.string(),
  locked: z.boolean(),
  archived: z.boolean(),
  /** Formatted (`K7Q-4PX`); only teachers receive it. */
  joinCode: z.string().optional(),
});
export type ClassroomView = z.infer<typeof ZClassroomView>;

export const ZClassroomListing = z.object({
  classroom: ZClassroomView,
  role: ZRole,
  studentCount: z.number().int(),
});
export type ClassroomListing = z.infer<typeof ZClassroomListing>;

export const ZRoomSnapshot = z.object({
  classroom: ZClassroomView,
  members: z.array(ZRosterMember),
  me: z.object({ userId: z.string(), role: ZRole }),
});
export type RoomSnapshot = z.infer<typeof ZRoomSnapshot>;
