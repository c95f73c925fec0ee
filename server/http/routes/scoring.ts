/** Scoring: weight uploads (submissions and live checkpoints), the boards, and the teacher's reveal. */
import { API } from "@/lib/api/endpoints";
import { getBoard, revealBoard } from "../../scoring/boards";
import { submitCheckpoint } from "../../scoring/checkpoints";
import { submitWeights } from "../../scoring/submissions";
import { readBinaryBody } from "../binary-body";
import { implement, signedIn } from "../route";

export const scoringRoutes = [
  implement(API.races.submit, {
    async handle(request) {
      const result = await submitWeights(request.ctx, signedIn(request).user, {
        raceId: request.params.raceId,
        runId: request.params.runId,
        readBody: (maxBytes) => readBinaryBody(request.req, maxBytes),
        claimedMse: request.query.claimedMse,
      });
      return { status: 201, data: result };
    },
  }),
  implement(API.races.checkpoint, {
    async handle(request) {
      const result = await submitCheckpoint(request.ctx, signedIn(request).user, {
        raceId: request.params.raceId,
        runId: request.params.runId,
        epoch: request.query.epoch,
        // Spacing counts from arrival: a session look-up queued behind a busy pool must not make the next
        // checkpoint, sent a full period later, look early.
        receivedAt: request.receivedAt,
        readBody: (maxBytes) => readBinaryBody(request.req, maxBytes),
      });
      return { status: 201, data: result };
    },
  }),
  implement(API.races.board, {
    async handle(request) {
      return { data: await getBoard(request.ctx, signedIn(request).user, request.params.raceId, request.query.kind) };
    },
  }),
  implement(API.races.reveal, {
    async handle(request) {
      return { data: await revealBoard(request.ctx, signedIn(request).user, request.params.raceId) };
    },
  }),
];
