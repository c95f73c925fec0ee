/** Prisma rows → records. Prisma stores enums-as-strings, so the string columns are narrowed here, once. */
import type { AccountKind } from "@/lib/auth/password";
import type { Role } from "@/lib/classroom/rules";
import { isLocale } from "@/lib/i18n/locales";
import type { ClassroomRecord, MembershipRecord, SessionRecord, UserRecord } from "../records";

interface UserRow {
  id: string;
  kind: string;
  email: string | null;
  displayName: string;
  passwordHash: string;
  createdAt: Date;
  locale: string | null;
  passwordChangeRequired: boolean;
}

export function toUser(row: UserRow): UserRecord {
  const { id, kind, email, displayName, passwordHash, createdAt, locale, passwordChangeRequired } = row;
  // A language this version no longer speaks reads as "not chosen".
  return { id, kind: kind as AccountKind, email, displayName, passwordHash, createdAt, locale: isLocale(locale) ? locale : null, passwordChangeRequired };
}

export function toSession(row: SessionRecord): SessionRecord {
  const { idHash, userId, createdAt, expiresAt, lastSeenAt, revokedAt } = row;
  return { idHash, userId, createdAt, expiresAt, lastSeenAt, revokedAt };
}

interface ClassroomRow {
  id: string;
  name: string;
  ownerId: string;
  locked: boolean;
  archivedAt: Date | null;
  createdAt: Date;
  joinCodes: { code: string }[];
}

export function toClassroom(row: ClassroomRow): ClassroomRecord {
  const current = row.joinCodes[0];
  if (!current) throw new Error(`classroom ${row.id} has no current join code`);
  const { id, name, ownerId, locked, archivedAt, createdAt } = row;
  return { id, name, ownerId, locked, archivedAt, createdAt, joinCode: current.code };
}

/** The `include` that loads what toClassroom needs. */
export const withCurrentCode = { joinCodes: { where: { retiredAt: null }, select: { code: true } } } as const;

interface MembershipRow {
  classroomId: string;
  userId: string;
  role: string;
  displayName: string;
  displayNameKey: string;
  joinedAt: Date;
}

export function toMembership(row: MembershipRow): MembershipRecord {
  const { classroomId, userId, role, displayName, displayNameKey, joinedAt } = row;
  return { classroomId, userId, role: role as Role, displayName, displayNameKey, joinedAt };
}
