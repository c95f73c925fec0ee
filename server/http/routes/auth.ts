/** Sessions: who am I, teacher sign-up and sign-in, student sign-in, sign-out, and the account's language. */
import { ZLocaleRequest, ZStudentSignInRequest, ZTeacherSignInRequest, ZTeacherSignUpRequest, type SessionResponse } from "@/lib/api/auth";
import { setAccountLocale, signInStudent, signInTeacher, signUpTeacher, type SignedIn } from "../../services/accounts";
import { sessionUser } from "../../services/views";
import { defineRoute, signedIn, type RouteRequest } from "../route";

/** Replaces whatever session the browser had with the new one. */
async function switchTo(request: RouteRequest<unknown>, next: SignedIn): Promise<SessionResponse> {
  if (request.session) await request.ctx.sessions.end(request.session.session.idHash);
  request.setSession(next);
  return { user: sessionUser(next.user) };
}

export const authRoutes = [
  defineRoute({
    method: "GET",
    path: "/api/session",
    auth: "public",
    duringPasswordChange: true,
    async handle({ session }) {
      const data: SessionResponse = { user: session ? sessionUser(session.user) : null };
      return { data };
    },
  }),
  defineRoute({
    method: "POST",
    path: "/api/teachers",
    auth: "public",
    duringPasswordChange: true,
    body: ZTeacherSignUpRequest,
    async handle(request) {
      const next = await signUpTeacher(request.ctx, request.body, request.ip);
      return { status: 201, data: await switchTo(request, next) };
    },
  }),
  defineRoute({
    method: "POST",
    path: "/api/session",
    auth: "public",
    duringPasswordChange: true,
    body: ZTeacherSignInRequest,
    async handle(request) {
      return { data: await switchTo(request, await signInTeacher(request.ctx, request.body, request.ip)) };
    },
  }),
  defineRoute({
    method: "POST",
    path: "/api/students/session",
    auth: "public",
    duringPasswordChange: true,
    body: ZStudentSignInRequest,
    async handle(request) {
      return { data: await switchTo(request, await signInStudent(request.ctx, request.body, request.ip)) };
    },
  }),
  defineRoute({
    method: "DELETE",
    path: "/api/session",
    auth: "user",
    duringPasswordChange: true,
    async handle(request) {
      const { session } = signedIn(request);
      await request.ctx.sessions.end(session.idHash);
      // Open sockets were authenticated with this session: close them too.
      request.ctx.rooms.disconnectSession(session.idHash);
      request.setSession(null);
      return { data: { user: null } };
    },
  }),
  defineRoute({
    method: "PUT",
    path: "/api/account/locale",
    auth: "user",
    duringPasswordChange: true,
    body: ZLocaleRequest,
    async handle(request) {
      const { user } = signedIn(request);
      const data: SessionResponse = { user: sessionUser(await setAccountLocale(request.ctx, user, request.body.locale)) };
      return { data };
    },
  }),
];
