/**
 * Playground runs recorded over HTTP (not the socket): a solo run has no room to broadcast to, so plain requests
 * through the same CSRF + session pipeline are enough; the page batches epochs (every second or 50 epochs),
 * retries a batch until it is acknowledged (batches are idempotent by epoch), and flushes with `keepalive` when
 * the tab closes, which a socket cannot do.
 */
import { ZFinishRunRequest, ZImportRunRequest, ZRolloutRequest, ZSnapshotBatchRequest, ZStartRunRequest, ZWeightsRequest, WEIGHTS_MAX_BYTES } from "@/lib/api/runs";
import { ZCompareParams, ZReplayParams } from "@/lib/api/history";
import { addRollout, appendSnapshots, finishPlaygroundRun, savePlaygroundWeights, startPlaygroundRun } from "../../services/playground-runs";
import { comparison, raceReplay, runDetail, runWeights } from "../../services/history";
import { importPytorchRun } from "../../services/imported-runs";
import { defineRoute, signedIn } from "../route";
import { parseParams } from "./history";

export const runRoutes = [
  defineRoute({
    method: "POST",
    path: "/api/runs",
    auth: "user",
    body: ZStartRunRequest,
    // A config is small, but this route is called once per run: the default cap is plenty.
    async handle(request) {
      return { status: 201, data: await startPlaygroundRun(request.ctx, signedIn(request).user, request.body) };
    },
  }),
  defineRoute({
    method: "POST",
    path: "/api/runs/imports",
    auth: "user",
    body: ZImportRunRequest,
    // The weights (base64) and a rollout of up to 4096 values.
    maxBodyBytes: Math.ceil((WEIGHTS_MAX_BYTES * 4) / 3) + 256 * 1024,
    async handle(request) {
      return { status: 201, data: await importPytorchRun(request.ctx, signedIn(request).user, request.body) };
    },
  }),
  defineRoute({
    method: "POST",
    path: "/api/runs/:id/snapshots",
    auth: "user",
    body: ZSnapshotBatchRequest,
    maxBodyBytes: 128 * 1024,
    async handle(request) {
      return { data: await appendSnapshots(request.ctx, signedIn(request).user, request.params.id!, request.body.points) };
    },
  }),
  defineRoute({
    method: "POST",
    path: "/api/runs/:id/rollouts",
    auth: "user",
    body: ZRolloutRequest,
    maxBodyBytes: 256 * 1024,
    async handle(request) {
      await addRollout(request.ctx, signedIn(request).user, request.params.id!, request.body);
      return { data: {} };
    },
  }),
  defineRoute({
    method: "POST",
    path: "/api/runs/:id/finish",
    auth: "user",
    body: ZFinishRunRequest,
    async handle(request) {
      await finishPlaygroundRun(request.ctx, signedIn(request).user, request.params.id!, request.body);
      return { data: {} };
    },
  }),
  defineRoute({
    method: "PUT",
    path: "/api/runs/:id/weights",
    auth: "user",
    body: ZWeightsRequest,
    maxBodyBytes: Math.ceil((WEIGHTS_MAX_BYTES * 4) / 3) + 1024,
    async handle(request) {
      return { data: await savePlaygroundWeights(request.ctx, signedIn(request).user, request.params.id!, request.body.data) };
    },
  }),
  defineRoute({
    method: "GET",
    path: "/api/runs/:id",
    auth: "user",
    async handle(request) {
      return { data: await runDetail(request.ctx, signedIn(request).user, request.params.id!) };
    },
  }),
  defineRoute({
    method: "GET",
    path: "/api/runs/:id/weights",
    auth: "user",
    async handle(request) {
      const weights = await runWeights(request.ctx, signedIn(request).user, request.params.id!);
      return { data: { data: Buffer.from(weights).toString("base64") } };
    },
  }),
  defineRoute({
    method: "GET",
    path: "/api/history/compare",
    auth: "user",
    async handle(request) {
      const { ids } = parseParams(request, ZCompareParams);
      return { data: await comparison(request.ctx, signedIn(request).user, ids) };
    },
  }),
  defineRoute({
    method: "GET",
    path: "/api/history/replay",
    auth: "user",
    async handle(request) {
      const { raceId } = parseParams(request, ZReplayParams);
      return { data: await raceReplay(request.ctx, signedIn(request).user, raceId) };
    },
  }),
];
