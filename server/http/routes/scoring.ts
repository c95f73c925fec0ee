/** Scoring: upload a run's weights for verification (final submissions, checkpoints), read a race's boards, reveal the private board. */
import { z } from "zod";
import { ZCheckpointEpoch, ZClaimedMse } from "@/lib/scoring/views";
import { getBoard, revealBoard } from "../../scoring/boards";
import { submitCheckpoint } from "../../scoring/checkpoints";
import { submitWeights } from "../../scoring/submissions";
import { AppError } from "../../errors";
import { readBinaryBody } from "../binary-body";
import { defineRoute, signedIn, type RouteRequest } from "../route";

const ZBoardKind = z.enum(["public", "private"], { error: "kind must be public or private" });

function query(request: RouteRequest<unknown>): URLSearchParams {
  return new URL(request.req.url ?? "/", "http://localhost").searchParams;
}

function parseQuery<T>(schema: z.ZodType<T>, value: string | null, field: string): T {
  const parsed = schema.safeParse(value ?? undefined);
  if (!parsed.success) throw new AppError("bad_request", { field, message: `${field}: ${parsed.error.issues[0]!.message}` });
  return parsed.data;
}

export const scoringRoutes = [
  defineRoute({
    method: "POST",
    path: "/api/races/:raceId/runs/:runId/submissions",
    auth: "user",
    rawBody: true,
    async handle(request) {
      const claimedMse = parseQuery(ZClaimedMse, query(request).get("claimedMse"), "claimedMse");
      const result = await submitWeights(request.ctx, signedIn(request).user, {
        raceId: request.params.raceId!,
        runId: request.params.runId!,
        readBody: (maxBytes) => readBinaryBody(request.req, maxBytes),
        claimedMse,
      });
      return { status: 201, data: result };
    },
  }),
  defineRoute({
    method: "POST",
    path: "/api/races/:raceId/runs/:runId/checkpoints",
    auth: "user",
    rawBody: true,
    async handle(request) {
      const epoch = parseQuery(ZCheckpointEpoch, query(request).get("epoch"), "epoch");
      const result = await submitCheckpoint(request.ctx, signedIn(request).user, {
        raceId: request.params.raceId!,
        runId: request.params.runId!,
        epoch,
        readBody: (maxBytes) => readBinaryBody(request.req, maxBytes),
      });
      return { status: 201, data: result };
    },
  }),
  defineRoute({
    method: "GET",
    path: "/api/races/:raceId/board",
    auth: "user",
    async handle(request) {
      const kind = parseQuery(ZBoardKind.default("public"), query(request).get("kind"), "kind");
      return { data: await getBoard(request.ctx, signedIn(request).user, request.params.raceId!, kind) };
    },
  }),
  defineRoute({
    method: "POST",
    path: "/api/races/:raceId/reveal",
    auth: "user",
    async handle(request) {
      return { data: await revealBoard(request.ctx, signedIn(request).user, request.params.raceId!) };
    },
  }),
];
