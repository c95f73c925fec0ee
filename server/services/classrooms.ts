/**
 * Classroom use cases. Authorization lives here, next to the data it protects: every function that reads or
 * changes a classroom first loads the caller's membership, so no transport (HTTP or socket) can skip it.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { CLASSROOM_NAME_MAX_LENGTH, parseClassroomName } from "@/lib/auth/names";
import { generateJoinCode } from "@/lib/classroom/join-code";
import { can, type ClassroomAction } from "@/lib/classroom/rules";
import type { ClassroomListing, ClassroomView, RoomSnapshot } from "@/lib/classroom/views";
import type { ReasonOf } from "@/lib/errors";
import type { TUpdateClassroomRequest } from "@/lib/api/classrooms";
import type { AppContext } from "../context";
import { AppError } from "../errors";
import type { ClassroomRecord, MembershipRecord, UserRecord } from "../persistence/records";
import { classroomView, rosterMember } from "./views";

/** Code collisions are astronomically rare (31^6 codes); a few retries make them impossible in practice. */
const CODE_ATTEMPTS = 5;

const newCode = () => generateJoinCode((count) => randomBytes(count));

const REFUSAL_REASON: Record<ClassroomAction, ReasonOf<"forbidden">> = {
  view: "not_member",
  manage: "not_teacher",
  leave: "teacher_cannot_leave",
};

export interface Access {
  classroom: ClassroomRecord;
  membership: MembershipRecord;
}

/**
 * The caller's membership, checked for `action`. Outsiders get the same answer whether or not the classroom
 * exists, so ids cannot be probed.
 */
export async function authorize(ctx: AppContext, classroomId: string, userId: string, action: ClassroomAction): Promise<Access> {
  const membership = await ctx.repos.memberships.find(classroomId, userId);
  const classroom = membership ? await ctx.repos.classrooms.findById(classroomId) : null;
  if (!membership || !classroom) throw new AppError("forbidden", { reason: "not_member" });
  if (!can(membership.role, action)) throw new AppError("forbidden", { reason: REFUSAL_REASON[action] });
  return { classroom, membership };
}

export async function listClassrooms(ctx: AppContext, user: UserRecord): Promise<ClassroomListing[]> {
  const listings = await ctx.repos.classrooms.listForUser(user.id);
  return listings.map((l) => ({ classroom: classroomView(l.classroom, l.role), role: l.role, studentCount: l.studentCount }));
}

export async function createClassroom(ctx: AppContext, user: UserRecord, rawName: string): Promise<ClassroomView> {
  if (user.kind !== "teacher") throw new AppError("forbidden", { reason: "teachers_only" });
  const name = parseClassroomName(rawName);
  if (!name.ok) throw new AppError("invalid_name", { reason: name.problem, field: "name", values: { max: CLASSROOM_NAME_MAX_LENGTH } });
  const now = new Date(ctx.clock.now());
  const owner = (classroomId: string): MembershipRecord => ({
    classroomId,
    userId: user.id,
    role: "teacher",
    displayName: user.displayName,
    displayNameKey: `teacher:${user.id}`,
    joinedAt: now,
  });
  for (let attempt = 1; ; attempt++) {
    const classroom: ClassroomRecord = {
      id: randomUUID(),
      name: name.value,
      ownerId: user.id,
      locked: false,
      archivedAt: null,
      createdAt: now,
      joinCode: newCode(),
    };
    try {
      await ctx.repos.classrooms.create(classroom, owner(classroom.id));
      return classroomView(classroom, "teacher");
    } catch (error) {
      if (attempt >= CODE_ATTEMPTS) throw error;
    }
  }
}

export async function roomSnapshot(ctx: AppContext, classroomId: string, userId: string): Promise<RoomSnapshot> {
  const { classroom, membership } = await authorize(ctx, classroomId, userId, "view");
  const [members, online] = await Promise.all([ctx.repos.memberships.list(classroomId), ctx.presence.online(classroomId)]);
  return {
    classroom: classroomView(classroom, membership.role),
    members: members.map((m) => rosterMember(m, online.has(m.userId))),
    me: { userId, role: membership.role },
  };
}

function announceUpdate(ctx: AppContext, classroom: ClassroomRecord): void {
  ctx.rooms.toTeachers(classroom.id, "classroom:updated", { classroom: classroomView(classroom, "teacher") });
  ctx.rooms.toStudents(classroom.id, "classroom:updated", { classroom: classroomView(classroom, "student") });
}

export async function updateClassroom(
  ctx: AppContext,
  user: UserRecord,
  classroomId: string,
  change: TUpdateClassroomRequest,
): Promise<ClassroomView> {
  let { classroom } = await authorize(ctx, classroomId, user.id, "manage");
  if (change.locked !== undefined) classroom = (await ctx.repos.classrooms.setLocked(classroomId, change.locked)) ?? classroom;
  if (change.archived !== undefined) {
    const archivedAt = change.archived ? (classroom.archivedAt ?? new Date(ctx.clock.now())) : null;
    classroom = (await ctx.repos.classrooms.setArchivedAt(classroomId, archivedAt)) ?? classroom;
  }
  announceUpdate(ctx, classroom);
  return classroomView(classroom, "teacher");
}

export async function rotateJoinCode(ctx: AppContext, user: UserRecord, classroomId: string): Promise<ClassroomView> {
  await authorize(ctx, classroomId, user.id, "manage");
  for (let attempt = 1; ; attempt++) {
    try {
      const classroom = await ctx.repos.classrooms.rotateCode(classroomId, newCode(), new Date(ctx.clock.now()));
      if (!classroom) throw new AppError("forbidden", { reason: "not_member" });
      announceUpdate(ctx, classroom);
      return classroomView(classroom, "teacher");
    } catch (error) {
      if (error instanceof AppError || attempt >= CODE_ATTEMPTS) throw error;
    }
  }
}

async function dropMember(ctx: AppContext, classroomId: string, userId: string, event: "roster:removed" | "roster:left") {
  await ctx.repos.memberships.remove(classroomId, userId);
  await ctx.presence.clear(classroomId, userId);
  // Their sockets leave the classroom's races too: race rooms are joined per race, and would go on sending ticks.
  const races = await ctx.repos.races.listForClassroom(classroomId);
  // Tell the room first (the removed user's own sockets included, so their page can react), then take them out.
  ctx.rooms.toClassroom(classroomId, event, { classroomId, userId });
  ctx.rooms.removeUser(classroomId, userId, races.map((race) => race.id));
  // A socket still open elsewhere must not go on feeding the class its runs (every process forgets them).
  ctx.services.races.memberRemoved(classroomId, userId);
}

export async function removeMember(ctx: AppContext, user: UserRecord, classroomId: string, targetUserId: string): Promise<void> {
  await authorize(ctx, classroomId, user.id, "manage");
  const target = await ctx.repos.memberships.find(classroomId, targetUserId);
  if (!target) throw new AppError("not_found");
  if (target.role === "teacher") throw new AppError("bad_request", { reason: "cannot_remove_teacher" });
  await dropMember(ctx, classroomId, targetUserId, "roster:removed");
  ctx.logger.info("student removed", { classroomId, userId: targetUserId, by: user.id });
}

export async function leaveClassroom(ctx: AppContext, user: UserRecord, classroomId: string): Promise<void> {
  await authorize(ctx, classroomId, user.id, "leave");
  await dropMember(ctx, classroomId, user.id, "roster:left");
}
