/** Homework races over HTTP: the teacher's list of who has submitted (races are created over the socket). */
import { readHomeworkProgress } from "../../race/homework-progress";
import { defineRoute, signedIn } from "../route";

export const homeworkRoutes = [
  defineRoute({
    method: "GET",
    path: "/api/races/:raceId/progress",
    auth: "user",
    async handle(request) {
      return { data: await readHomeworkProgress(request.ctx, signedIn(request).user.id, request.params.raceId!) };
    },
  }),
];
