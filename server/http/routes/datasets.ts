/**
 * The data library: a classroom's (its teachers), a user's own (Playground); one dataset's values; deleting one.
 * And the visible parts handed out for training: a race's (its classroom's members), a run's (whoever may see it).
 */
import { DATASET_UPLOAD_MAX_BODY_BYTES } from "@/lib/api/datasets";
import { API } from "@/lib/api/endpoints";
import { raceVisibleSeries, runSeries } from "../../services/dataset-access";
import { deleteDataset, listClassroomLibrary, listPrivateDatasets, readableSeries, uploadDataset } from "../../services/datasets";
import { implement, signedIn } from "../route";

export const datasetRoutes = [
  implement(API.datasets.classroomLibrary, {
    async handle(request) {
      return { data: { datasets: await listClassroomLibrary(request.ctx, signedIn(request).user, request.params.id) } };
    },
  }),
  implement(API.datasets.uploadToClassroom, {
    maxBodyBytes: DATASET_UPLOAD_MAX_BODY_BYTES,
    async handle(request) {
      return { status: 201, data: { dataset: await uploadDataset(request.ctx, signedIn(request).user, request.params.id, request.body) } };
    },
  }),
  implement(API.datasets.mine, {
    async handle(request) {
      return { data: { datasets: await listPrivateDatasets(request.ctx, signedIn(request).user) } };
    },
  }),
  implement(API.datasets.upload, {
    maxBodyBytes: DATASET_UPLOAD_MAX_BODY_BYTES,
    async handle(request) {
      return { status: 201, data: { dataset: await uploadDataset(request.ctx, signedIn(request).user, null, request.body) } };
    },
  }),
  implement(API.datasets.get, {
    async handle(request) {
      return { data: { dataset: await readableSeries(request.ctx, signedIn(request).user, request.params.id) } };
    },
  }),
  implement(API.datasets.delete, {
    async handle(request) {
      await deleteDataset(request.ctx, signedIn(request).user, request.params.id);
      return { data: {} };
    },
  }),
  implement(API.datasets.raceData, {
    async handle(request) {
      return { data: { series: await raceVisibleSeries(request.ctx, signedIn(request).user, request.params.raceId) } };
    },
  }),
  implement(API.datasets.runSeries, {
    async handle(request) {
      return { data: { series: await runSeries(request.ctx, signedIn(request).user, request.params.id) } };
    },
  }),
];
