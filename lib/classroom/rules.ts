/** Who may do what in a classroom, and when a classroom accepts new students. Pure. */

export type Role = "teacher" | "student";

export type ClassroomAction = "view" | "manage" | "leave";

/** Teachers manage their room; students can see it and leave it. */
export function can(role: Role, action: ClassroomAction): boolean {
  switch (action) {
    case "view":
      return true;
    case "manage":
      return role === "teacher";
    case "leave":
      return role === "student";
  }
}

export interface JoinableState {
  locked: boolean;
  archivedAt: Date | null;
}

export type JoinRefusal = "classroom_archived" | "classroom_locked";

/** Why a classroom refuses new students right now, or null when it accepts them. Archived wins over locked. */
export function joinRefusal(classroom: JoinableState): JoinRefusal | null {
  if (classroom.archivedAt !== null) return "classroom_archived";
  if (classroom.locked) return "classroom_locked";
  return null;
}
