/** Classrooms: list mine, create, read one with its roster, and the teacher's controls. */
import { ZCreateClassroomRequest, ZUpdateClassroomRequest } from "@/lib/api/classrooms";
import {
  createClassroom,
  leaveClassroom,
  listClassrooms,
  removeMember,
  roomSnapshot,
  rotateJoinCode,
  updateClassroom,
} from "../../services/classrooms";
import { defineRoute, signedIn } from "../route";

export const classroomRoutes = [
  defineRoute({
    method: "GET",
    path: "/api/classrooms",
    auth: "user",
    async handle(request) {
      return { data: { classrooms: await listClassrooms(request.ctx, signedIn(request).user) } };
    },
  }),
  defineRoute({
    method: "POST",
    path: "/api/classrooms",
    auth: "user",
    body: ZCreateClassroomRequest,
    async handle(request) {
      const classroom = await createClassroom(request.ctx, signedIn(request).user, request.body.name);
      return { status: 201, data: { classroom } };
    },
  }),
  defineRoute({
    method: "GET",
    path: "/api/classrooms/:id",
    auth: "user",
    async handle(request) {
      return { data: await roomSnapshot(request.ctx, request.params.id!, signedIn(request).user.id) };
    },
  }),
  defineRoute({
    method: "PATCH",
    path: "/api/classrooms/:id",
    auth: "user",
    body: ZUpdateClassroomRequest,
    async handle(request) {
      const classroom = await updateClassroom(request.ctx, signedIn(request).user, request.params.id!, request.body);
      return { data: { classroom } };
    },
  }),
  defineRoute({
    method: "POST",
    path: "/api/classrooms/:id/code",
    auth: "user",
    async handle(request) {
      return { data: { classroom: await rotateJoinCode(request.ctx, signedIn(request).user, request.params.id!) } };
    },
  }),
  defineRoute({
    method: "DELETE",
    path: "/api/classrooms/:id/members/:userId",
    auth: "user",
    async handle(request) {
      await removeMember(request.ctx, signedIn(request).user, request.params.id!, request.params.userId!);
      return { data: {} };
    },
  }),
  defineRoute({
    method: "DELETE",
    path: "/api/classrooms/:id/membership",
    auth: "user",
    async handle(request) {
      await leaveClassroom(request.ctx, signedIn(request).user, request.params.id!);
      return { data: {} };
    },
  }),
];
