/**
 * Every HTTP endpoint of Loss Race, by area: the one table the server's routes and the page's client are derived
 * from (lib/api/contract.ts). A new endpoint is declared here first; the server then implements it
 * (server/http/routes) and the page calls it as `api.<area>.<name>(args)`.
 */
import { z } from "zod";
import { ZClassroomListing, ZClassroomView, ZRoomSnapshot } from "@/lib/classroom/views";
import { HistoryQuerySchema } from "@/lib/history/query";
import { ZCheckpointEpoch, ZCheckpointResult, ZClaimedMse, ZRaceBoard, ZSubmissionResult } from "@/lib/scoring/views";
import { ZJoinPreview, ZJoinRequest, ZJoinResponse, ZLocaleRequest, ZSessionResponse, ZStudentSignInRequest, ZTeacherSignInRequest, ZTeacherSignUpRequest } from "./auth";
import { ZCreateClassroomRequest, ZUpdateClassroomRequest } from "./classrooms";
import { endpoint } from "./contract";
import { ZHomeworkProgress } from "./homework";
import { ZJoinAddressResponse } from "./join-address";
import { ZChoosePasswordRequest, ZForgotPasswordRequest, ZForgotPasswordResponse, ZPinResetResponse, ZRedeemResetRequest } from "./recovery";
import { ZDatasetView, ZDatasetWithValues, ZUploadDatasetRequest, ZVisibleSeries } from "./datasets";
import { ZAnnotateRunRequest, ZCompareParams, ZReplayParams, ZReportParams, ZSweepParams } from "./history";
import { ZAnnotatedRun, ZClassroomRaces, ZClassroomReport, ZComparison, ZHistoryPage, ZReplay, ZRunDetail, ZSweep } from "./history-responses";
import { ZFinishRunRequest, ZImportRunRequest, ZRolloutRequest, ZSnapshotBatchRequest, ZStartRunRequest, ZWeightsRequest } from "./runs";

/** The answer of an action that has nothing to say but "done". */
const ZDone = z.object({});
const ZRunId = z.object({ runId: z.string() });
const ZWeightsData = z.object({ data: z.string() });

export const API = {
  health: {
    get: endpoint({
      method: "GET",
      path: "/api/health",
      auth: "public",
      duringPasswordChange: true,
      bare: true,
      response: z.object({ ok: z.boolean(), db: z.enum(["sqlite", "postgresql"]), redis: z.enum(["ok", "down"]).optional(), version: z.string() }),
    }),
  },
  session: {
    get: endpoint({ method: "GET", path: "/api/session", auth: "public", duringPasswordChange: true, response: ZSessionResponse }),
    signIn: endpoint({ method: "POST", path: "/api/session", auth: "public", duringPasswordChange: true, body: ZTeacherSignInRequest, response: ZSessionResponse }),
    signInStudent: endpoint({ method: "POST", path: "/api/students/session", auth: "public", duringPasswordChange: true, body: ZStudentSignInRequest, response: ZSessionResponse }),
    signUpTeacher: endpoint({ method: "POST", path: "/api/teachers", auth: "public", duringPasswordChange: true, body: ZTeacherSignUpRequest, response: ZSessionResponse }),
    signOut: endpoint({ method: "DELETE", path: "/api/session", auth: "user", duringPasswordChange: true, response: ZSessionResponse }),
    setLocale: endpoint({ method: "PUT", path: "/api/account/locale", auth: "user", duringPasswordChange: true, body: ZLocaleRequest, response: ZSessionResponse }),
  },
  recovery: {
    /** A teacher's forgotten password: a reset link by e-mail (or from the admin command). */
    forgotPassword: endpoint({ method: "POST", path: "/api/password-resets", auth: "public", body: ZForgotPasswordRequest, response: ZForgotPasswordResponse }),
    redeem: endpoint({ method: "POST", path: "/api/password-resets/redeem", auth: "public", duringPasswordChange: true, body: ZRedeemResetRequest, response: ZSessionResponse }),
    choosePassword: endpoint({ method: "PUT", path: "/api/account/password", auth: "user", duringPasswordChange: true, body: ZChoosePasswordRequest, response: ZSessionResponse }),
    resetPin: endpoint({ method: "POST", path: "/api/classrooms/:id/members/:userId/pin-reset", auth: "user", response: ZPinResetResponse }),
  },
  join: {
    /** Where students open the app (PUBLIC_URL or the server's network address), for join links and QR codes. */
    address: endpoint({ method: "GET", path: "/api/join-address", auth: "user", response: ZJoinAddressResponse }),
    preview: endpoint({ method: "GET", path: "/api/join/:code", auth: "public", response: ZJoinPreview }),
    join: endpoint({ method: "POST", path: "/api/join", auth: "public", body: ZJoinRequest, response: ZJoinResponse }),
  },
  classrooms: {
    list: endpoint({ method: "GET", path: "/api/classrooms", auth: "user", response: z.object({ classrooms: z.array(ZClassroomListing) }) }),
    create: endpoint({ method: "POST", path: "/api/classrooms", auth: "user", body: ZCreateClassroomRequest, response: z.object({ classroom: ZClassroomView }) }),
    get: endpoint({ method: "GET", path: "/api/classrooms/:id", auth: "user", response: ZRoomSnapshot }),
    update: endpoint({ method: "PATCH", path: "/api/classrooms/:id", auth: "user", body: ZUpdateClassroomRequest, response: z.object({ classroom: ZClassroomView }) }),
    rotateCode: endpoint({ method: "POST", path: "/api/classrooms/:id/code", auth: "user", response: z.object({ classroom: ZClassroomView }) }),
    removeMember: endpoint({ method: "DELETE", path: "/api/classrooms/:id/members/:userId", auth: "user", response: ZDone }),
    leave: endpoint({ method: "DELETE", path: "/api/classrooms/:id/membership", auth: "user", response: ZDone }),
  },
  datasets: {
    classroomLibrary: endpoint({ method: "GET", path: "/api/classrooms/:id/datasets", auth: "user", response: z.object({ datasets: z.array(ZDatasetView) }) }),
    uploadToClassroom: endpoint({ method: "POST", path: "/api/classrooms/:id/datasets", auth: "user", body: ZUploadDatasetRequest, response: z.object({ dataset: ZDatasetView }) }),
    mine: endpoint({ method: "GET", path: "/api/datasets", auth: "user", response: z.object({ datasets: z.array(ZDatasetView) }) }),
    upload: endpoint({ method: "POST", path: "/api/datasets", auth: "user", body: ZUploadDatasetRequest, response: z.object({ dataset: ZDatasetView }) }),
    get: endpoint({ method: "GET", path: "/api/datasets/:id", auth: "user", response: z.object({ dataset: ZDatasetWithValues }) }),
    delete: endpoint({ method: "DELETE", path: "/api/datasets/:id", auth: "user", response: ZDone }),
    raceData: endpoint({ method: "GET", path: "/api/races/:raceId/data", auth: "user", response: z.object({ series: ZVisibleSeries }) }),
    runSeries: endpoint({ method: "GET", path: "/api/runs/:id/series", auth: "user", response: z.object({ series: ZVisibleSeries }) }),
  },
  races: {
    board: endpoint({ method: "GET", path: "/api/races/:raceId/board", auth: "user", query: z.strictObject({ kind: z.enum(["public", "private"]).default("public") }), response: ZRaceBoard }),
    reveal: endpoint({ method: "POST", path: "/api/races/:raceId/reveal", auth: "user", response: ZRaceBoard }),
    /** A homework race's progress for its teacher: who has submitted, how often, their best score. */
    progress: endpoint({ method: "GET", path: "/api/races/:raceId/progress", auth: "user", response: ZHomeworkProgress }),
    submit: endpoint({
      method: "POST",
      path: "/api/races/:raceId/runs/:runId/submissions",
      auth: "user",
      bytes: true,
      query: z.strictObject({ claimedMse: ZClaimedMse }),
      response: ZSubmissionResult,
    }),
    checkpoint: endpoint({
      method: "POST",
      path: "/api/races/:raceId/runs/:runId/checkpoints",
      auth: "user",
      bytes: true,
      query: z.strictObject({ epoch: ZCheckpointEpoch }),
      response: ZCheckpointResult,
    }),
  },
  runs: {
    start: endpoint({ method: "POST", path: "/api/runs", auth: "user", body: ZStartRunRequest, response: ZRunId }),
    import: endpoint({ method: "POST", path: "/api/runs/imports", auth: "user", body: ZImportRunRequest, response: ZRunId }),
    snapshots: endpoint({
      method: "POST",
      path: "/api/runs/:id/snapshots",
      auth: "user",
      body: ZSnapshotBatchRequest,
      response: z.object({ lastEpoch: z.number(), missingFrom: z.number().nullable() }),
    }),
    rollout: endpoint({ method: "POST", path: "/api/runs/:id/rollouts", auth: "user", body: ZRolloutRequest, response: ZDone }),
    finish: endpoint({ method: "POST", path: "/api/runs/:id/finish", auth: "user", body: ZFinishRunRequest, response: ZDone }),
    saveWeights: endpoint({ method: "PUT", path: "/api/runs/:id/weights", auth: "user", body: ZWeightsRequest, response: z.object({ bytes: z.number() }) }),
    get: endpoint({ method: "GET", path: "/api/runs/:id", auth: "user", response: ZRunDetail }),
    weights: endpoint({ method: "GET", path: "/api/runs/:id/weights", auth: "user", response: ZWeightsData }),
    annotate: endpoint({ method: "PATCH", path: "/api/runs/:id", auth: "user", body: ZAnnotateRunRequest, response: ZAnnotatedRun }),
  },
  history: {
    list: endpoint({ method: "GET", path: "/api/history", auth: "user", query: HistoryQuerySchema, response: ZHistoryPage }),
    compare: endpoint({ method: "GET", path: "/api/history/compare", auth: "user", query: ZCompareParams, response: ZComparison }),
    replay: endpoint({ method: "GET", path: "/api/history/replay", auth: "user", query: ZReplayParams, response: ZReplay }),
    sweep: endpoint({ method: "GET", path: "/api/history/sweep", auth: "user", query: ZSweepParams, response: ZSweep }),
    races: endpoint({ method: "GET", path: "/api/history/races", auth: "user", query: ZReportParams, response: ZClassroomRaces }),
    report: endpoint({ method: "GET", path: "/api/history/report", auth: "user", query: ZReportParams, response: ZClassroomReport }),
  },
} as const;

export type Api = typeof API;
