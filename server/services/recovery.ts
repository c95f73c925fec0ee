/**
 * Account recovery use cases. A teacher resets a student's PIN from the roster (a one-time PIN the student must
 * replace before doing anything else); a teacher who forgot their password gets a one-time link, by e-mail when
 * the server can send it, otherwise from the admin command. Every path revokes the account's old sessions.
 */
import { parseEmail } from "@/lib/auth/names";
import { resetLink, resetLinkExpiry, resetLinkStatus } from "@/lib/auth/recovery";
import { resetMail } from "@/lib/auth/reset-mail";
import { DEFAULT_LOCALE, messagesFor } from "@/lib/i18n";
import type { TRedeemResetRequest } from "@/lib/api/recovery";
import type { Clock } from "../clock";
import type { Config } from "../config";
import type { AppContext } from "../context";
import { AppError } from "../errors";
import type { UserRecord } from "../persistence/records";
import type { Repositories } from "../persistence/repositories";
import { reserveAll } from "../security/rate-limit";
import { hashResetToken, isWellFormedResetToken, newOneTimePin, newResetToken } from "../security/recovery-tokens";
import { requirePassword, startSession, type SignedIn } from "./accounts";
import { authorize } from "./classrooms";
import type { ActiveSession } from "./sessions";

/** Where links point: PUBLIC_URL, or this machine as the server listens. */
export function publicBaseUrl(config: Pick<Config, "publicUrl" | "port">): string {
  return config.publicUrl ?? `http://localhost:${config.port}`;
}

export interface IssuedLink {
  user: UserRecord;
  link: string;
}

/**
 * Stores a new reset link for the teacher with this e-mail address and returns it, or null when no teacher has
 * it. The forgot-password form and `npm run admin -- reset-password` both issue links through here.
 */
export async function issueResetLink(
  deps: { repos: Pick<Repositories, "users" | "passwordResets">; clock: Clock },
  email: string,
  baseUrl: string,
): Promise<IssuedLink | null> {
  const user = await deps.repos.users.findByEmail(email);
  if (!user || user.kind !== "teacher") return null;
  const token = newResetToken();
  const now = deps.clock.now();
  await deps.repos.passwordResets.create({ idHash: hashResetToken(token), userId: user.id, createdAt: new Date(now), expiresAt: resetLinkExpiry(now), usedAt: null });
  return { user, link: resetLink(baseUrl, token) };
}

export type ResetDelivery = "email" | "admin";

/**
 * The forgot-password form. The answer is the same whether or not the address has an account (it names only how
 * this server delivers links), and the e-mail is sent after answering, so neither the reply nor its timing tells
 * who has an account. Every request counts against the address's and the e-mail's allowance.
 */
export async function requestPasswordReset(ctx: AppContext, rawEmail: string, ip: string): Promise<ResetDelivery> {
  const email = parseEmail(rawEmail);
  if (!email.ok) throw new AppError("invalid_email", { field: "email" });
  await reserveAll(ctx.rateLimiter, [
    [ctx.rateRules.resetRequestPerIp, ip],
    [ctx.rateRules.resetRequestPerAccount, email.value],
  ]);
  const mailer = ctx.services.mailer;
  if (!mailer) return "admin";
  const issued = await issueResetLink(ctx, email.value, publicBaseUrl(ctx.config));
  if (issued) {
    const mail = resetMail(messagesFor(issued.user.locale ?? DEFAULT_LOCALE), { displayName: issued.user.displayName, email: email.value }, issued.link);
    mailer.send({ to: email.value, ...mail }).then(
      () => ctx.logger.info("password reset link sent", { userId: issued.user.id }),
      (error: unknown) => ctx.logger.error("sending a password reset e-mail failed", { userId: issued.user.id, error }),
    );
  }
  return "email";
}

/** Sets a teacher's new password with a reset link's token: every old session ends, and a new one starts here. */
export async function redeemPasswordReset(ctx: AppContext, input: TRedeemResetRequest): Promise<SignedIn> {
  const unknown = new AppError("invalid_reset_link", { field: "token" });
  if (!isWellFormedResetToken(input.token)) throw unknown;
  const idHash = hashResetToken(input.token);
  const reset = await ctx.repos.passwordResets.find(idHash);
  if (!reset) throw unknown;
  const status = resetLinkStatus(reset, ctx.clock.now());
  if (status !== "valid") throw new AppError("invalid_reset_link", { reason: status });
  const user = await ctx.repos.users.findById(reset.userId);
  if (!user) throw unknown;
  requirePassword(input.password, "teacher", [user.email ?? "", user.displayName]);
  const redeemed = await ctx.repos.passwordResets.redeem(idHash, await ctx.passwords.hash(input.password), new Date(ctx.clock.now()));
  // Checked again in the transaction: the link may have been used or expired while the password was hashed.
  if (redeemed.outcome !== "ok") throw redeemed.outcome === "unknown" ? unknown : new AppError("invalid_reset_link", { reason: redeemed.outcome });
  ctx.rooms.disconnectUser(user.id);
  ctx.logger.info("password reset", { userId: user.id });
  return startSession(ctx, redeemed.user);
}

/**
 * The classroom's teacher gives a student a one-time PIN: it replaces the student's PIN (stored hashed, like
 * any), signs them out everywhere, and until they choose their own PIN a sign-in with it can do nothing else.
 * The PIN is returned once, for the teacher to pass on, and kept nowhere in clear.
 */
export async function resetStudentPin(ctx: AppContext, teacher: UserRecord, classroomId: string, studentId: string): Promise<{ pin: string }> {
  await authorize(ctx, classroomId, teacher.id, "manage");
  const target = await ctx.repos.memberships.find(classroomId, studentId);
  if (!target) throw new AppError("not_found");
  if (target.role !== "student") throw new AppError("bad_request", { reason: "not_a_student" });
  const pin = newOneTimePin();
  const changed = await ctx.repos.users.setPassword(studentId, {
    passwordHash: await ctx.passwords.hash(pin),
    changeRequired: true,
    at: new Date(ctx.clock.now()),
    keepSession: null,
  });
  if (!changed) throw new AppError("not_found");
  ctx.rooms.disconnectUser(studentId);
  ctx.logger.info("student PIN reset", { classroomId, userId: studentId, by: teacher.id });
  return { pin };
}

/** A student signed in with a one-time PIN chooses their own; their other sessions end, this one goes on. */
export async function chooseOwnPassword(ctx: AppContext, active: ActiveSession, password: string): Promise<UserRecord> {
  const { user, session } = active;
  if (!user.passwordChangeRequired) throw new AppError("bad_request", { reason: "no_change_required" });
  requirePassword(password, user.kind, [user.email ?? "", user.displayName]);
  if (await ctx.passwords.verify(password, user.passwordHash)) {
    throw new AppError("weak_password", { reason: "same_as_one_time", field: "password" });
  }
  const passwordHash = await ctx.passwords.hash(password);
  await ctx.repos.users.setPassword(user.id, { passwordHash, changeRequired: false, at: new Date(ctx.clock.now()), keepSession: session.idHash });
  ctx.rooms.disconnectUser(user.id, session.idHash);
  return { ...user, passwordHash, passwordChangeRequired: false };
}
