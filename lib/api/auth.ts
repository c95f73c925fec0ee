/** Request and response bodies of the sign-in, sign-up and join endpoints (server/http/routes/auth.ts). */
import { z } from "zod";
import { ZClassroomView } from "../classroom/views";
import { LOCALES } from "../i18n/locales";

/** Generous caps so validation, not the KDF or the database, meets absurd input; the real rules are in lib/auth. */
const text = (max: number) => z.string().max(max);

export const ZTeacherSignUpRequest = z.strictObject({
  email: text(400),
  password: text(400),
  displayName: text(200),
});
export type TTeacherSignUpRequest = z.infer<typeof ZTeacherSignUpRequest>;

export const ZTeacherSignInRequest = z.strictObject({ email: text(400), password: text(400) });
export type TTeacherSignInRequest = z.infer<typeof ZTeacherSignInRequest>;

export const ZStudentSignInRequest = z.strictObject({ code: text(40), displayName: text(200), password: text(400) });
export type TStudentSignInRequest = z.infer<typeof ZStudentSignInRequest>;

/** A signed-out student gives a name and password; a signed-in student only the name to use in this room. */
export const ZJoinRequest = z.strictObject({ code: text(40), displayName: text(200), password: text(400).optional() });
export type TJoinRequest = z.infer<typeof ZJoinRequest>;

export const ZSessionUser = z.object({
  id: z.string(),
  kind: z.enum(["teacher", "student"]),
  displayName: z.string(),
  email: z.string().nullable(),
  /** The language the person chose (applied when they sign in); null until they choose. */
  locale: z.enum(LOCALES).nullable(),
  /** Signed in with a one-time PIN: the pages ask for a new PIN before anything else (the API refuses the rest). */
  passwordChangeRequired: z.boolean(),
});
export type SessionUser = z.infer<typeof ZSessionUser>;

export const ZSessionResponse = z.object({ user: ZSessionUser.nullable() });
export type SessionResponse = z.infer<typeof ZSessionResponse>;

/** The signed-in person chooses their language (PUT /api/account/locale); the answer is the updated user. */
export const ZLocaleRequest = z.strictObject({ locale: z.enum(LOCALES, { error: `locale must be one of ${LOCALES.join(", ")}` }) });
export type TLocaleRequest = z.infer<typeof ZLocaleRequest>;

export const ZJoinPreview = z.object({ classroom: ZClassroomView.pick({ id: true, name: true, locked: true, archived: true }) });
export type JoinPreview = z.infer<typeof ZJoinPreview>;

export const ZJoinResponse = z.object({ user: ZSessionUser, classroomId: z.string() });
export type JoinResponse = z.infer<typeof ZJoinResponse>;
