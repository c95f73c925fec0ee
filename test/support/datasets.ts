/** Uploaded series for tests: CSV text the way a teacher's spreadsheet writes it, and the upload request. */
import type { TDatasetView, TUploadDatasetRequest } from "@/lib/api/datasets";
import type { ApiClient, ApiResponse } from "./server";

/** A monthly series (a seasonal swing on a slow rise, deterministic wiggle), as a teacher would measure it. */
export function monthlyValues(length: number, offset = 0): number[] {
  return Array.from({ length }, (_, i) => Number((12 + 0.05 * (i + offset) + 6 * Math.sin((2 * Math.PI * (i + offset)) / 12) + (((i + offset) * 7919) % 11) / 10).toFixed(2)));
}

/** "month,temperature" CSV with a header row and one row per value from 2001-01. */
export function monthlyCsv(values: readonly number[]): string {
  return ["month,temperature", ...values.map((v, i) => `${2001 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")},${v}`)].join("\n");
}

export function uploadRequest(values: readonly number[], change: Partial<TUploadDatasetRequest> = {}): TUploadDatasetRequest {
  return { name: "School temperature log", text: monthlyCsv(values), fileName: "temperatures.csv", scaling: "standardise", ...change };
}

/** Uploads to a classroom's library (or the caller's own data when `classroomId` is null). */
export function upload(client: ApiClient, classroomId: string | null, body: unknown): Promise<ApiResponse<{ dataset: TDatasetView }>> {
  return client.post<{ dataset: TDatasetView }>(classroomId === null ? "/api/datasets" : `/api/classrooms/${classroomId}/datasets`, body);
}

/** Uploads and returns the stored dataset's view, failing the test on a refusal. */
export async function uploaded(client: ApiClient, classroomId: string | null, body: unknown): Promise<TDatasetView> {
  const response = await upload(client, classroomId, body);
  if (!response.body.ok) throw new Error(`upload failed: ${JSON.stringify(response.body)}`);
  return response.body.data.dataset;
}
