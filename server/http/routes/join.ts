/** Joining a classroom by code or link. */
import { API } from "@/lib/api/endpoints";
import { findJoinableClassroom, join } from "../../services/accounts";
import { classroomView, sessionUser } from "../../services/views";
import { implement } from "../route";

export const joinRoutes = [
  /**
   * Where students open the app, for the join link and QR code on the classroom page and the projector: decided by
   * the server (PUBLIC_URL or its network address), since the teacher's own address is often localhost.
   */
  implement(API.join.address, {
    async handle({ ctx }) {
      return { data: ctx.services.joinAddress.current() };
    },
  }),
  /** What the join page shows before the student types anything: the classroom's name, or why they cannot join. */
  implement(API.join.preview, {
    async handle({ ctx, params, ip }) {
      const classroom = await findJoinableClassroom(ctx, params.code, ip);
      const { id, name, locked, archived } = classroomView(classroom, "student");
      return { data: { classroom: { id, name, locked, archived } } };
    },
  }),
  implement(API.join.join, {
    async handle(request) {
      const joined = await join(request.ctx, request.body, request.ip, request.session);
      if (joined.signedIn) {
        if (request.session) await request.ctx.sessions.end(request.session.session.idHash);
        request.setSession(joined.signedIn);
      }
      return { status: 201, data: { user: sessionUser(joined.user), classroomId: joined.classroomId } };
    },
  }),
];
