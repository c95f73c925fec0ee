/** Homework races over HTTP: the teacher's list of who has submitted (races are created over the socket). */
import { API } from "@/lib/api/endpoints";
import { readHomeworkProgress } from "../../race/homework-progress";
import { implement, signedIn } from "../route";

export const homeworkRoutes = [
  implement(API.races.progress, {
    async handle(request) {
      return { data: await readHomeworkProgress(request.ctx, signedIn(request).user.id, request.params.raceId) };
    },
  }),
];
