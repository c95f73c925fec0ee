/** Builders for repository records in tests: valid defaults, overridable fields, unique ids. */
import { randomBytes, randomUUID } from "node:crypto";
import { nameKey } from "@/lib/auth/names";
import { generateJoinCode } from "@/lib/classroom/join-code";
import type { ClassroomRecord, MembershipRecord, SessionRecord, UserRecord } from "@/server/persistence/records";

let sequence = 0;
const next = () => ++sequence;

export const T0 = new Date("2026-03-01T09:00:00.000Z");

export function aTeacher(overrides: Partial<UserRecord> = {}): UserRecord {
  const n = next();
  return {
    id: randomUUID(),
    kind: "teacher",
    email: `teacher${n}-${randomUUID().slice(0, 8)}@school.example`,
    displayName: `Teacher ${n}`,
    passwordHash: "scrypt$test",
    createdAt: T0,
    ...overrides,
  };
}

export function aStudent(overrides: Partial<UserRecord> = {}): UserRecord {
  return { ...aTeacher(), kind: "student", email: null, displayName: `Student ${next()}`, ...overrides };
}

export function aClassroom(ownerId: string, overrides: Partial<ClassroomRecord> = {}): ClassroomRecord {
  const n = next();
  return {
    id: randomUUID(),
    name: `Class ${n}`,
    ownerId,
    locked: false,
    archivedAt: null,
    createdAt: T0,
    joinCode: uniqueCode(),
    ...overrides,
  };
}

export function uniqueCode(): string {
  return generateJoinCode((count) => randomBytes(count));
}

export function aMembership(classroomId: string, user: UserRecord, overrides: Partial<MembershipRecord> = {}): MembershipRecord {
  const displayName = overrides.displayName ?? user.displayName;
  return {
    classroomId,
    userId: user.id,
    role: user.kind === "teacher" ? "teacher" : "student",
    displayName,
    displayNameKey: nameKey(displayName),
    joinedAt: T0,
    ...overrides,
  };
}

export function aSession(userId: string, overrides: Partial<SessionRecord> = {}): SessionRecord {
  return {
    idHash: randomUUID(),
    userId,
    createdAt: T0,
    lastSeenAt: T0,
    expiresAt: new Date(T0.getTime() + 86_400_000),
    revokedAt: null,
    ...overrides,
  };
}
