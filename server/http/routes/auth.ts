/** Sessions: who am I, teacher sign-up and sign-in, student sign-in, sign-out, and the account's language. */
import { API } from "@/lib/api/endpoints";
import type { SessionResponse } from "@/lib/api/auth";
import { setAccountLocale, signInStudent, signInTeacher, signUpTeacher, type SignedIn } from "../../services/accounts";
import { sessionUser } from "../../services/views";
import { implement, signedIn, type RouteRequest } from "../route";

/** Replaces whatever session the browser had with the new one. */
async function switchTo(request: Pick<RouteRequest<unknown>, "ctx" | "session" | "setSession">, next: SignedIn): Promise<SessionResponse> {
  if (request.session) await request.ctx.sessions.end(request.session.session.idHash);
  request.setSession(next);
  return { user: sessionUser(next.user) };
}

export const authRoutes = [
  implement(API.session.get, {
    async handle({ session }) {
      return { data: { user: session ? sessionUser(session.user) : null } };
    },
  }),
  implement(API.session.signUpTeacher, {
    async handle(request) {
      const next = await signUpTeacher(request.ctx, request.body, request.ip);
      return { status: 201, data: await switchTo(request, next) };
    },
  }),
  implement(API.session.signIn, {
    async handle(request) {
      return { data: await switchTo(request, await signInTeacher(request.ctx, request.body, request.ip)) };
    },
  }),
  implement(API.session.signInStudent, {
    async handle(request) {
      return { data: await switchTo(request, await signInStudent(request.ctx, request.body, request.ip)) };
    },
  }),
  implement(API.session.signOut, {
    async handle(request) {
      const { session } = signedIn(request);
      await request.ctx.sessions.end(session.idHash);
      // Open sockets were authenticated with this session: close them too.
      request.ctx.rooms.disconnectSession(session.idHash);
      request.setSession(null);
      return { data: { user: null } };
    },
  }),
  implement(API.session.setLocale, {
    async handle(request) {
      const { user } = signedIn(request);
      return { data: { user: sessionUser(await setAccountLocale(request.ctx, user, request.body.locale)) } };
    },
  }),
];
