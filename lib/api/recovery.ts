/** Request and response bodies of account recovery (server/http/routes/recovery.ts). */
import { z } from "zod";

const text = (max: number) => z.string().max(max);

export const ZForgotPasswordRequest = z.strictObject({ email: text(400) });
export type TForgotPasswordRequest = z.infer<typeof ZForgotPasswordRequest>;

/** The same for every address: only how this server delivers links ("email", or "admin" without SMTP). */
export const ZForgotPasswordResponse = z.object({ delivery: z.enum(["email", "admin"]) });
export type ForgotPasswordResponse = z.infer<typeof ZForgotPasswordResponse>;

export const ZRedeemResetRequest = z.strictObject({ token: text(100), password: text(400) });
export type TRedeemResetRequest = z.infer<typeof ZRedeemResetRequest>;

export const ZChoosePasswordRequest = z.strictObject({ password: text(400) });
export type TChoosePasswordRequest = z.infer<typeof ZChoosePasswordRequest>;

/** The one-time PIN, shown once to the teacher who reset it. */
export const ZPinResetResponse = z.object({ pin: z.string() });
export type PinResetResponse = z.infer<typeof ZPinResetResponse>;
