/** Account recovery: a teacher's forgotten password (request a link, use it), a student's PIN reset and its replacement. */
import { API } from "@/lib/api/endpoints";
import { chooseOwnPassword, redeemPasswordReset, requestPasswordReset, resetStudentPin } from "../../services/recovery";
import { sessionUser } from "../../services/views";
import { implement, signedIn } from "../route";

export const recoveryRoutes = [
  implement(API.recovery.forgotPassword, {
    async handle(request) {
      return { status: 202, data: { delivery: await requestPasswordReset(request.ctx, request.body.email, request.ip) } };
    },
  }),
  implement(API.recovery.redeem, {
    async handle(request) {
      const next = await redeemPasswordReset(request.ctx, request.body);
      // This browser may hold someone else's session: it ends, as at any sign-in.
      if (request.session) await request.ctx.sessions.end(request.session.session.idHash);
      request.setSession(next);
      return { data: { user: sessionUser(next.user) } };
    },
  }),
  implement(API.recovery.choosePassword, {
    async handle(request) {
      const user = await chooseOwnPassword(request.ctx, signedIn(request), request.body.password);
      return { data: { user: sessionUser(user) } };
    },
  }),
  implement(API.recovery.resetPin, {
    async handle(request) {
      return { data: await resetStudentPin(request.ctx, signedIn(request).user, request.params.id, request.params.userId) };
    },
  }),
];
