/** Classrooms: list mine, create, read one with its roster, and the teacher's controls. */
import { API } from "@/lib/api/endpoints";
import {
  createClassroom,
  leaveClassroom,
  listClassrooms,
  removeMember,
  roomSnapshot,
  rotateJoinCode,
  updateClassroom,
} from "../../services/classrooms";
import { implement, signedIn } from "../route";

export const classroomRoutes = [
  implement(API.classrooms.list, {
    async handle(request) {
      return { data: { classrooms: await listClassrooms(request.ctx, signedIn(request).user) } };
    },
  }),
  implement(API.classrooms.create, {
    async handle(request) {
      const classroom = await createClassroom(request.ctx, signedIn(request).user, request.body.name);
      return { status: 201, data: { classroom } };
    },
  }),
  implement(API.classrooms.get, {
    async handle(request) {
      return { data: await roomSnapshot(request.ctx, request.params.id, signedIn(request).user.id) };
    },
  }),
  implement(API.classrooms.update, {
    async handle(request) {
      const classroom = await updateClassroom(request.ctx, signedIn(request).user, request.params.id, request.body);
      return { data: { classroom } };
    },
  }),
  implement(API.classrooms.rotateCode, {
    async handle(request) {
      return { data: { classroom: await rotateJoinCode(request.ctx, signedIn(request).user, request.params.id) } };
    },
  }),
  implement(API.classrooms.removeMember, {
    async handle(request) {
      await removeMember(request.ctx, signedIn(request).user, request.params.id, request.params.userId);
      return { data: {} };
    },
  }),
  implement(API.classrooms.leave, {
    async handle(request) {
      await leaveClassroom(request.ctx, signedIn(request).user, request.params.id);
      return { data: {} };
    },
  }),
];
