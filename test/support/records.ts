/** Builders for repository records in tests: valid defaults, overridable fields, unique ids. */
import { randomBytes, randomUUID } from "node:crypto";
import { nameKey } from "@/lib/auth/names";
import { generateJoinCode } from "@/lib/classroom/join-code";
import { DEFAULT_TRAINING_CONFIG } from "@/lib/ml/config";
import { DEFAULT_RACE_RULES } from "@/lib/race/rules";
import type { CurvePoint } from "@/lib/runs/curve";
import type {
  ClassroomRecord,
  DatasetRecord,
  MembershipRecord,
  NewRunRecord,
  RaceRecord,
  SessionRecord,
  UserRecord,
} from "@/server/persistence/records";
import type { Repositories } from "@/server/persistence/repositories";

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
    locale: null,
    passwordChangeRequired: false,
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

export function aRace(classroomId: string, createdById: string, overrides: Partial<RaceRecord> = {}): RaceRecord {
  return {
    id: randomUUID(),
    classroomId,
    createdById,
    name: `Race ${next()}`,
    rules: DEFAULT_RACE_RULES,
    kind: "live",
    status: "lobby",
    createdAt: T0,
    startsAt: null,
    endsAt: null,
    pausedAt: null,
    endedAt: null,
    hiddenSeed: 12345,
    revealedAt: null,
    ...overrides,
  };
}

export function aRun(userId: string, overrides: Partial<NewRunRecord> = {}): NewRunRecord {
  return {
    id: randomUUID(),
    userId,
    classroomId: null,
    raceId: null,
    kind: "playground",
    config: DEFAULT_TRAINING_CONFIG,
    startedAt: T0,
    ...overrides,
  };
}

/** A stored series: `length` values of a seasonal ramp, with monthly times; private to the owner unless a classroom is given. */
export function aDataset(ownerId: string, overrides: Partial<DatasetRecord> & { length?: number } = {}): DatasetRecord {
  const { length = 48, ...rest } = overrides;
  return {
    id: randomUUID(),
    ownerId,
    classroomId: null,
    name: `Series ${next()}`,
    values: Float64Array.from({ length }, (_, i) => 10 + 0.1 * i + 3 * Math.sin((2 * Math.PI * i) / 12) + ((i * 7919) % 13) / 26),
    times: Array.from({ length }, (_, i) => `${2000 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`),
    valueColumn: "value",
    timeColumn: "month",
    scaling: "standardise",
    fileName: "series.csv",
    createdAt: T0,
    ...rest,
  };
}

/** Epochs `from..to` of a plausible decreasing curve, one second apart. */
export function curvePoints(from: number, to: number): CurvePoint[] {
  const points: CurvePoint[] = [];
  for (let epoch = from; epoch <= to; epoch++) {
    points.push({ epoch, trainLoss: 1 / epoch, valLoss: epoch % 2 ? null : 1.5 / epoch, msPerEpoch: 10 + (epoch % 3), tMs: epoch * 1000 });
  }
  return points;
}

/** A teacher's classroom with one student in it, stored through the repositories. */
export async function storedClassroomWithStudent(repos: Repositories) {
  const teacher = aTeacher();
  await repos.users.createTeacher(teacher);
  const classroom = aClassroom(teacher.id);
  await repos.classrooms.create(classroom, aMembership(classroom.id, teacher));
  const student = aStudent();
  await repos.memberships.addWithNewStudent(student, aMembership(classroom.id, student));
  return { teacher, classroom, student };
}
