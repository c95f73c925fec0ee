/**
 * Playground runs recorded over HTTP (not the socket): a solo run has no room to broadcast to, so plain requests
 * through the same CSRF + session pipeline are enough; the page batches epochs (every second or 50 epochs),
 * retries a batch until it is acknowledged (batches are idempotent by epoch), and flushes with `keepalive` when
 * the tab closes, which a socket cannot do.
 */
import { WEIGHTS_MAX_BYTES } from "@/lib/api/runs";
import { API } from "@/lib/api/endpoints";
import { addRollout, appendSnapshots, finishPlaygroundRun, savePlaygroundWeights, startPlaygroundRun } from "../../services/playground-runs";
import { annotateRun, runDetail, runWeights } from "../../services/history";
import { importPytorchRun } from "../../services/imported-runs";
import { implement, signedIn } from "../route";

export const runRoutes = [
  // A config is small, but this route is called once per run: the default cap is plenty.
  implement(API.runs.start, {
    async handle(request) {
      return { status: 201, data: await startPlaygroundRun(request.ctx, signedIn(request).user, request.body) };
    },
  }),
  implement(API.runs.import, {
    // The weights (base64) and a rollout of up to 4096 values.
    maxBodyBytes: Math.ceil((WEIGHTS_MAX_BYTES * 4) / 3) + 256 * 1024,
    async handle(request) {
      return { status: 201, data: await importPytorchRun(request.ctx, signedIn(request).user, request.body) };
    },
  }),
  implement(API.runs.snapshots, {
    maxBodyBytes: 128 * 1024,
    async handle(request) {
      return { data: await appendSnapshots(request.ctx, signedIn(request).user, request.params.id, request.body.points) };
    },
  }),
  implement(API.runs.rollout, {
    maxBodyBytes: 256 * 1024,
    async handle(request) {
      await addRollout(request.ctx, signedIn(request).user, request.params.id, request.body);
      return { data: {} };
    },
  }),
  implement(API.runs.finish, {
    async handle(request) {
      await finishPlaygroundRun(request.ctx, signedIn(request).user, request.params.id, request.body);
      return { data: {} };
    },
  }),
  implement(API.runs.saveWeights, {
    maxBodyBytes: Math.ceil((WEIGHTS_MAX_BYTES * 4) / 3) + 1024,
    async handle(request) {
      return { data: await savePlaygroundWeights(request.ctx, signedIn(request).user, request.params.id, request.body.data) };
    },
  }),
  implement(API.runs.get, {
    async handle(request) {
      return { data: await runDetail(request.ctx, signedIn(request).user, request.params.id) };
    },
  }),
  implement(API.runs.weights, {
    async handle(request) {
      const weights = await runWeights(request.ctx, signedIn(request).user, request.params.id);
      return { data: { data: Buffer.from(weights).toString("base64") } };
    },
  }),
  implement(API.runs.annotate, {
    async handle(request) {
      return { data: { run: await annotateRun(request.ctx, signedIn(request).user, request.params.id, request.body) } };
    },
  }),
];
