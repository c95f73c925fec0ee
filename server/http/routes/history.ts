/**
 * Experiment history: the list, one run, annotations, comparisons, the classroom/race sweep chart and the
 * teacher's report. GET parameters are parsed with the same zod schemas as the pages' addresses.
 */
import type { z } from "zod";
import { ZAnnotateRunRequest, ZReportParams, ZSweepParams } from "@/lib/api/history";
import { parseHistoryQuery } from "@/lib/history/query";
import { AppError } from "../../errors";
import { annotateRun, classroomRaces, classroomReport, listHistory, sweepChart } from "../../services/history";
import { defineRoute, signedIn, type RouteRequest } from "../route";

function searchParams(request: RouteRequest<unknown>): URLSearchParams {
  return new URL(request.req.url ?? "/", "http://localhost").searchParams;
}

/** GET parameters through a zod schema; a bad one is a 400 naming it, like a bad body. */
export function parseParams<S extends z.ZodType>(request: RouteRequest<unknown>, schema: S): z.output<S> {
  const raw: Record<string, string> = {};
  for (const [key, value] of searchParams(request)) if (value.trim() !== "") raw[key] = value;
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.join(".");
  const message = issue.code === "unrecognized_keys" ? `unknown parameter ${issue.keys.map((k) => `"${k}"`).join(", ")}` : issue.message;
  throw new AppError("bad_request", { field: field || undefined, message: field ? `${field}: ${message}` : message });
}

export const historyRoutes = [
  defineRoute({
    method: "GET",
    path: "/api/history",
    auth: "user",
    async handle(request) {
      const parsed = parseHistoryQuery(searchParams(request));
      if (!parsed.ok) throw new AppError("bad_request", { field: parsed.field || undefined, message: parsed.message });
      return { data: await listHistory(request.ctx, signedIn(request).user, parsed.query) };
    },
  }),
  defineRoute({
    method: "PATCH",
    path: "/api/runs/:id",
    auth: "user",
    body: ZAnnotateRunRequest,
    async handle(request) {
      return { data: { run: await annotateRun(request.ctx, signedIn(request).user, request.params.id!, request.body) } };
    },
  }),
  defineRoute({
    method: "GET",
    path: "/api/history/sweep",
    auth: "user",
    async handle(request) {
      return { data: await sweepChart(request.ctx, signedIn(request).user, parseParams(request, ZSweepParams)) };
    },
  }),
  defineRoute({
    method: "GET",
    path: "/api/history/races",
    auth: "user",
    async handle(request) {
      const { classroomId } = parseParams(request, ZReportParams);
      return { data: await classroomRaces(request.ctx, signedIn(request).user, classroomId) };
    },
  }),
  defineRoute({
    method: "GET",
    path: "/api/history/report",
    auth: "user",
    async handle(request) {
      const { classroomId } = parseParams(request, ZReportParams);
      const report = await classroomReport(request.ctx, signedIn(request).user, classroomId);
      return {
        data: {
          ...report,
          students: report.students.map((s) => ({ ...s, lastRunAt: s.lastRunAt?.toISOString() ?? null })),
        },
      };
    },
  }),
];
