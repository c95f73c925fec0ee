/** Account recovery: a teacher's forgotten password (request a link, use it), a student's PIN reset and its replacement. */
import { ZChoosePasswordRequest, ZForgotPasswordRequest, ZRedeemResetRequest, type ForgotPasswordResponse, type PinResetResponse } from "@/lib/api/recovery";
import type { SessionResponse } from "@/lib/api/auth";
import { chooseOwnPassword, redeemPasswordReset, requestPasswordReset, resetStudentPin } from "../../services/recovery";
import { sessionUser } from "../../services/views";
import { defineRoute, signedIn } from "../route";

export const recoveryRoutes = [
  defineRoute({
    method: "POST",
    path: "/api/password-resets",
    auth: "public",
    body: ZForgotPasswordRequest,
    async handle(request) {
      const data: ForgotPasswordResponse = { delivery: await requestPasswordReset(request.ctx, request.body.email, request.ip) };
      return { status: 202, data };
    },
  }),
  defineRoute({
    method: "POST",
    path: "/api/password-resets/redeem",
    auth: "public",
    duringPasswordChange: true,
    body: ZRedeemResetRequest,
    async handle(request) {
      const next = await redeemPasswordReset(request.ctx, request.body);
      // This browser may hold someone else's session: it ends, as at any sign-in.
      if (request.session) await request.ctx.sessions.end(request.session.session.idHash);
      request.setSession(next);
      const data: SessionResponse = { user: sessionUser(next.user) };
      return { data };
    },
  }),
  defineRoute({
    method: "PUT",
    path: "/api/account/password",
    auth: "user",
    duringPasswordChange: true,
    body: ZChoosePasswordRequest,
    async handle(request) {
      const user = await chooseOwnPassword(request.ctx, signedIn(request), request.body.password);
      const data: SessionResponse = { user: sessionUser(user) };
      return { data };
    },
  }),
  defineRoute({
    method: "POST",
    path: "/api/classrooms/:id/members/:userId/pin-reset",
    auth: "user",
    async handle(request) {
      const data: PinResetResponse = await resetStudentPin(request.ctx, signedIn(request).user, request.params.id!, request.params.userId!);
      return { data };
    },
  }),
];
