/**
 * The data library: a classroom's (its teachers), a user's own (Playground); one dataset's values; deleting one.
 * And the visible parts handed out for training: a race's (its classroom's members), a run's (whoever may see it).
 */
import { DATASET_UPLOAD_MAX_BODY_BYTES, ZUploadDatasetRequest } from "@/lib/api/datasets";
import { raceVisibleSeries, runSeries } from "../../services/dataset-access";
import { deleteDataset, listClassroomLibrary, listPrivateDatasets, readableSeries, uploadDataset } from "../../services/datasets";
import { defineRoute, signedIn } from "../route";

export const datasetRoutes = [
  defineRoute({
    method: "GET",
    path: "/api/classrooms/:id/datasets",
    auth: "user",
    async handle(request) {
      return { data: { datasets: await listClassroomLibrary(request.ctx, signedIn(request).user, request.params.id!) } };
    },
  }),
  defineRoute({
    method: "POST",
    path: "/api/classrooms/:id/datasets",
    auth: "user",
    body: ZUploadDatasetRequest,
    maxBodyBytes: DATASET_UPLOAD_MAX_BODY_BYTES,
    async handle(request) {
      return { status: 201, data: { dataset: await uploadDataset(request.ctx, signedIn(request).user, request.params.id!, request.body) } };
    },
  }),
  defineRoute({
    method: "GET",
    path: "/api/datasets",
    auth: "user",
    async handle(request) {
      return { data: { datasets: await listPrivateDatasets(request.ctx, signedIn(request).user) } };
    },
  }),
  defineRoute({
    method: "POST",
    path: "/api/datasets",
    auth: "user",
    body: ZUploadDatasetRequest,
    maxBodyBytes: DATASET_UPLOAD_MAX_BODY_BYTES,
    async handle(request) {
      return { status: 201, data: { dataset: await uploadDataset(request.ctx, signedIn(request).user, null, request.body) } };
    },
  }),
  defineRoute({
    method: "GET",
    path: "/api/datasets/:id",
    auth: "user",
    async handle(request) {
      return { data: { dataset: await readableSeries(request.ctx, signedIn(request).user, request.params.id!) } };
    },
  }),
  defineRoute({
    method: "DELETE",
    path: "/api/datasets/:id",
    auth: "user",
    async handle(request) {
      await deleteDataset(request.ctx, signedIn(request).user, request.params.id!);
      return { data: {} };
    },
  }),
  defineRoute({
    method: "GET",
    path: "/api/races/:raceId/data",
    auth: "user",
    async handle(request) {
      return { data: { series: await raceVisibleSeries(request.ctx, signedIn(request).user, request.params.raceId!) } };
    },
  }),
  defineRoute({
    method: "GET",
    path: "/api/runs/:id/series",
    auth: "user",
    async handle(request) {
      return { data: { series: await runSeries(request.ctx, signedIn(request).user, request.params.id!) } };
    },
  }),
];
