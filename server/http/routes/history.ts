/** History: the run list with its filters, comparisons, the class's sweep, a race's replay, the teacher's report. */
import { API } from "@/lib/api/endpoints";
import { classroomRaces, classroomReport, comparison, listHistory, raceReplay, sweepChart } from "../../services/history";
import { implement, signedIn } from "../route";

export const historyRoutes = [
  implement(API.history.list, {
    async handle(request) {
      return { data: await listHistory(request.ctx, signedIn(request).user, request.query) };
    },
  }),
  implement(API.history.compare, {
    async handle(request) {
      return { data: await comparison(request.ctx, signedIn(request).user, request.query.ids) };
    },
  }),
  implement(API.history.replay, {
    async handle(request) {
      return { data: await raceReplay(request.ctx, signedIn(request).user, request.query.raceId) };
    },
  }),
  implement(API.history.sweep, {
    async handle(request) {
      return { data: await sweepChart(request.ctx, signedIn(request).user, request.query) };
    },
  }),
  implement(API.history.races, {
    async handle(request) {
      return { data: await classroomRaces(request.ctx, signedIn(request).user, request.query.classroomId) };
    },
  }),
  implement(API.history.report, {
    async handle(request) {
      const report = await classroomReport(request.ctx, signedIn(request).user, request.query.classroomId);
      return { data: { ...report, students: report.students.map((s) => ({ ...s, lastRunAt: s.lastRunAt?.toISOString() ?? null })) } };
    },
  }),
];
