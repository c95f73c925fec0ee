/**
 * Account use cases: teacher sign-up and sign-in, student sign-in, joining a classroom. Each validates with the
 * rules in lib/, applies rate limits, and either throws an AppError before writing anything or completes.
 *
 * Limits are reserved *before* the expensive or guessable step (a scrypt check, a code look-up) and settled
 * after it: a failure keeps its unit, a success gives it back. Peeking first and counting after would let
 * concurrent guesses all pass the peek before any of them was counted.
 */
import { randomUUID } from "node:crypto";
import { parseDisplayName, parseEmail, DISPLAY_NAME_MAX_LENGTH, nameKey } from "@/lib/auth/names";
import {
  checkPassword,
  PASSWORD_MAX_LENGTH,
  STUDENT_PASSWORD_MIN_LENGTH,
  TEACHER_PASSWORD_MIN_LENGTH,
  type AccountKind,
} from "@/lib/auth/password";
import type { TJoinRequest, TStudentSignInRequest, TTeacherSignInRequest, TTeacherSignUpRequest } from "@/lib/api/auth";
import { normalizeJoinCode } from "@/lib/classroom/join-code";
import { joinRefusal } from "@/lib/classroom/rules";
import type { AppContext } from "../context";
import { AppError } from "../errors";
import type { ClassroomRecord, MembershipRecord, UserRecord } from "../persistence/records";
import { reserveAll, type RateRule } from "../security/rate-limit";
import type { Locale } from "@/lib/i18n/locales";
import type { ActiveSession } from "./sessions";
import { rosterMember } from "./views";

export interface SignedIn {
  user: UserRecord;
  /** The new session's cookie token. */
  token: string;
  idHash: string;
}


function requireName(raw: string, field = "displayName"): { value: string; key: string } {
  const name = parseDisplayName(raw);
  if (!name.ok) throw new AppError("invalid_name", { reason: name.problem, field, values: { max: DISPLAY_NAME_MAX_LENGTH } });
  return name;
}

export function requirePassword(password: string, kind: AccountKind, names: string[]): void {
  const problem = checkPassword(password, kind, names);
  if (problem) {
    const min = kind === "teacher" ? TEACHER_PASSWORD_MIN_LENGTH : STUDENT_PASSWORD_MIN_LENGTH;
    throw new AppError("weak_password", { reason: problem, field: "password", values: { min, max: PASSWORD_MAX_LENGTH } });
  }
}

export async function startSession(ctx: AppContext, user: UserRecord): Promise<SignedIn> {
  const { token, session } = await ctx.sessions.start(user.id);
  return { user, token, idHash: session.idHash };
}

/**
 * A guessable step (a password check, a code look-up) under its limits: a unit is reserved under every rule
 * before it runs. A wrong guess (the step returns the refusal) keeps the units, so it counts; a right one, or an
 * error on our side, gives them back.
 */
async function guarded<T>(ctx: AppContext, limits: [RateRule, string][], guess: () => Promise<T | AppError>): Promise<T> {
  const held = await reserveAll(ctx.rateLimiter, limits);
  let outcome: T | AppError;
  try {
    outcome = await guess();
  } catch (error) {
    await held.release();
    throw error;
  }
  if (outcome instanceof AppError) throw outcome;
  await held.release();
  return outcome;
}

export async function signUpTeacher(ctx: AppContext, input: TTeacherSignUpRequest, ip: string): Promise<SignedIn> {
  // Every attempt counts: this also bounds how fast anyone can probe which e-mail addresses have accounts.
  await reserveAll(ctx.rateLimiter, [[ctx.rateRules.signUpPerIp, ip]]);

  const email = parseEmail(input.email);
  if (!email.ok) throw new AppError("invalid_email", { field: "email" });
  const name = requireName(input.displayName);
  requirePassword(input.password, "teacher", [email.value, name.value]);

  const user: UserRecord = {
    id: randomUUID(),
    kind: "teacher",
    email: email.value,
    displayName: name.value,
    passwordHash: await ctx.passwords.hash(input.password),
    createdAt: new Date(ctx.clock.now()),
    locale: null,
  };
  if ((await ctx.repos.users.createTeacher(user)) === "email_taken") throw new AppError("email_taken", { field: "email" });
  ctx.logger.info("teacher signed up", { userId: user.id });
  return startSession(ctx, user);
}

export async function signInTeacher(ctx: AppContext, input: TTeacherSignInRequest, ip: string): Promise<SignedIn> {
  const account = `teacher:${input.email.trim().toLowerCase()}`;
  const limits: [RateRule, string][] = [
    [ctx.rateRules.signInPerIp, ip],
    [ctx.rateRules.signInPerAccount, account],
  ];
  const user = await guarded(ctx, limits, async () => {
    const email = parseEmail(input.email);
    const found = email.ok ? await ctx.repos.users.findByEmail(email.value) : null;
    const valid =
      found && found.kind === "teacher"
        ? await ctx.passwords.verify(input.password, found.passwordHash)
        : await ctx.passwords.verifyNothing(input.password);
    return found && valid ? found : new AppError("invalid_credentials");
  });
  return startSession(ctx, user);
}

export async function signInStudent(ctx: AppContext, input: TStudentSignInRequest, ip: string): Promise<SignedIn> {
  const code = normalizeJoinCode(input.code);
  const key = nameKey(input.displayName);
  const limits: [RateRule, string][] = [
    [ctx.rateRules.signInPerIp, ip],
    [ctx.rateRules.signInPerAccount, `student:${code ?? input.code}:${key}`],
  ];
  // Unknown code, unknown name and wrong password all answer the same, so sign-in reveals neither which
  // classrooms exist nor who is in them. Retired codes still work here: the student proves who they are with
  // their password, and rotating a code is meant to stop new joins, not to lock out the class.
  const user = await guarded(ctx, limits, async () => {
    const found = code ? await ctx.repos.classrooms.findByCode(code) : null;
    const member = found ? await ctx.repos.memberships.findByNameKey(found.classroom.id, key) : null;
    const valid =
      member && member.user.kind === "student"
        ? await ctx.passwords.verify(input.password, member.user.passwordHash)
        : await ctx.passwords.verifyNothing(input.password);
    return member && valid ? member.user : new AppError("invalid_credentials");
  });
  return startSession(ctx, user);
}

/** Resolves a typed code to a classroom that accepts students, or throws why not. Failed look-ups count against the IP. */
export async function findJoinableClassroom(ctx: AppContext, rawCode: string, ip: string): Promise<ClassroomRecord> {
  const classroom = await guarded(ctx, [[ctx.rateRules.joinPerIp, ip]], async () => {
    const code = normalizeJoinCode(rawCode);
    if (!code) return new AppError("invalid_code", { field: "code" });
    const found = await ctx.repos.classrooms.findByCode(code);
    if (!found || found.retired) return new AppError(found ? "expired_code" : "unknown_code", { field: "code" });
    return found.classroom;
  });
  const refusal = joinRefusal(classroom);
  if (refusal) throw new AppError(refusal);
  return classroom;
}

export interface Joined {
  classroomId: string;
  user: UserRecord;
  /** Set when joining created the account (and so a session). */
  signedIn?: SignedIn;
}

export async function join(ctx: AppContext, input: TJoinRequest, ip: string, current: ActiveSession | null): Promise<Joined> {
  const classroom = await findJoinableClassroom(ctx, input.code, ip);
  if (current?.user.kind === "teacher") throw new AppError("teachers_cannot_join");
  const name = requireName(input.displayName);
  const membership: MembershipRecord = {
    classroomId: classroom.id,
    userId: current?.user.id ?? randomUUID(),
    role: "student",
    displayName: name.value,
    displayNameKey: name.key,
    joinedAt: new Date(ctx.clock.now()),
  };

  if (current) {
    // A signed-in student joins another classroom with the account they have.
    const outcome = await ctx.repos.memberships.add(membership);
    if (outcome === "name_taken") throw new AppError("name_taken", { field: "displayName" });
    // Joining twice is harmless: take them to the room.
    if (outcome === "ok") ctx.rooms.toClassroom(classroom.id, "roster:joined", { classroomId: classroom.id, member: rosterMember(membership, false) });
    return { classroomId: classroom.id, user: current.user };
  }

  const password = input.password ?? "";
  requirePassword(password, "student", [name.value]);
  // A new account costs a 64 MiB scrypt hash: every one counts, per address and per classroom.
  await reserveAll(ctx.rateLimiter, [
    [ctx.rateRules.joinAccountPerIp, ip],
    [ctx.rateRules.joinAccountPerClassroom, classroom.id],
  ]);
  const user: UserRecord = {
    id: membership.userId,
    kind: "student",
    email: null,
    displayName: name.value,
    passwordHash: await ctx.passwords.hash(password),
    createdAt: membership.joinedAt,
    locale: null,
  };
  if ((await ctx.repos.memberships.addWithNewStudent(user, membership)) === "name_taken") {
    throw new AppError("name_taken", { field: "displayName" });
  }
  ctx.rooms.toClassroom(classroom.id, "roster:joined", { classroomId: classroom.id, member: rosterMember(membership, false) });
  ctx.logger.info("student joined", { classroomId: classroom.id, userId: user.id });
  return { classroomId: classroom.id, user, signedIn: await startSession(ctx, user) };
}

/** Remembers the signed-in person's language: it follows them to any browser they sign in on (shared Chromebooks). */
export async function setAccountLocale(ctx: AppContext, user: UserRecord, locale: Locale): Promise<UserRecord> {
  // The session was valid a moment ago; a user deleted meanwhile is simply signed out.
  if (!(await ctx.repos.users.setLocale(user.id, locale))) throw new AppError("unauthenticated");
  return { ...user, locale };
}
