/** What repositories return: plain records, independent of Prisma's generated types. */
import type { AccountKind } from "@/lib/auth/password";
import type { Role } from "@/lib/classroom/rules";

export interface UserRecord {
  id: string;
  kind: AccountKind;
  email: string | null;
  displayName: string;
  passwordHash: string;
  createdAt: Date;
}

export interface SessionRecord {
  idHash: string;
  userId: string;
  createdAt: Date;
  expiresAt: Date;
  lastSeenAt: Date;
  revokedAt: Date | null;
}

export interface ClassroomRecord {
  id: string;
  name: string;
  ownerId: string;
  locked: boolean;
  archivedAt: Date | null;
  createdAt: Date;
  /** The current join code, canonical form (no dash). */
  joinCode: string;
}

export interface MembershipRecord {
  classroomId: string;
  userId: string;
  role: Role;
  displayName: string;
  displayNameKey: string;
  joinedAt: Date;
}

/** A classroom as listed on someone's dashboard. */
export interface ClassroomListing {
  classroom: ClassroomRecord;
  role: Role;
  studentCount: number;
}
