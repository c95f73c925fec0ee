/** Joining a classroom by code or link. */
import { ZJoinRequest, type JoinPreview, type JoinResponse } from "@/lib/api/auth";
import type { JoinAddressResponse } from "@/lib/api/join-address";
import { findJoinableClassroom, join } from "../../services/accounts";
import { classroomView, sessionUser } from "../../services/views";
import { defineRoute } from "../route";

export const joinRoutes = [
  /**
   * Where students open the app, for the join link and QR code on the classroom page and the projector: decided by
   * the server (PUBLIC_URL or its network address), since the teacher's own address is often localhost.
   */
  defineRoute({
    method: "GET",
    path: "/api/join-address",
    auth: "user",
    async handle({ ctx }) {
      const data: JoinAddressResponse = ctx.services.joinAddress.current();
      return { data };
    },
  }),
  /** What the join page shows before the student types anything: the classroom's name, or why they cannot join. */
  defineRoute({
    method: "GET",
    path: "/api/join/:code",
    auth: "public",
    async handle({ ctx, params, ip }) {
      const classroom = await findJoinableClassroom(ctx, params.code!, ip);
      const { id, name, locked, archived } = classroomView(classroom, "student");
      const data: JoinPreview = { classroom: { id, name, locked, archived } };
      return { data };
    },
  }),
  defineRoute({
    method: "POST",
    path: "/api/join",
    auth: "public",
    body: ZJoinRequest,
    async handle(request) {
      const joined = await join(request.ctx, request.body, request.ip, request.session);
      if (joined.signedIn) {
        if (request.session) await request.ctx.sessions.end(request.session.session.idHash);
        request.setSession(joined.signedIn);
      }
      const data: JoinResponse = { user: sessionUser(joined.user), classroomId: joined.classroomId };
      return { status: 201, data };
    },
  }),
];
