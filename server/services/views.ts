/** Records → what clients may see (lib/classroom/views). The join code is only ever shown to teachers. */
import type { SessionUser } from "@/lib/api/auth";
import { formatJoinCode } from "@/lib/classroom/join-code";
import type { Role } from "@/lib/classroom/rules";
import type { ClassroomView, RosterMember } from "@/lib/classroom/views";
import type { ClassroomRecord, MembershipRecord, UserRecord } from "../persistence/records";

export function classroomView(classroom: ClassroomRecord, viewerRole: Role): ClassroomView {
  return {
    id: classroom.id,
    name: classroom.name,
    locked: classroom.locked,
    archived: classroom.archivedAt !== null,
    ...(viewerRole === "teacher" ? { joinCode: formatJoinCode(classroom.joinCode) } : {}),
  };
}

export function rosterMember(membership: MembershipRecord, online: boolean): RosterMember {
  return {
    userId: membership.userId,
    displayName: membership.displayName,
    role: membership.role,
    joinedAt: membership.joinedAt.toISOString(),
    online,
  };
}

export function sessionUser(user: UserRecord): SessionUser {
  return {
    id: user.id,
    kind: user.kind,
    displayName: user.displayName,
    email: user.email,
    locale: user.locale,
    passwordChangeRequired: user.passwordChangeRequired ?? false,
  };
}
