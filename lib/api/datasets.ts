/**
 * The data library's JSON API: upload a series (a classroom's library, or a user's own for the Playground), list,
 * read, delete; a race's visible data; the series a run trained on. Uploads carry the file's text: the server reads
 * it with lib/data/upload, exactly as the page did for its preview.
 */
import { z } from "zod";
import { DATASET_NAME_MAX_LENGTH } from "@/lib/auth/names";
import { EXAMPLE_NAMES } from "@/lib/data/examples/names";
import { SCALINGS } from "@/lib/data/scaling";
import { UPLOAD_LIMITS } from "@/lib/data/upload";

/** Datasets one classroom's library and one user's private data may hold. */
export const DATASET_LIMITS = { perClassroom: 100, private: 20 } as const;

/**
 * JSON escapes a file's line breaks, tabs and quotes as two characters, so the body may be up to twice the file;
 * the file's own cap (UPLOAD_LIMITS.bytes) is checked after parsing, with its own message.
 */
export const DATASET_UPLOAD_MAX_BODY_BYTES = 2 * UPLOAD_LIMITS.bytes + 16 * 1024;

const column = z.number().int().min(0).max(10_000);

export const ZUploadDatasetRequest = z.strictObject({
  /** Checked with lib/auth/names (parseDatasetName). */
  name: z.string().max(DATASET_NAME_MAX_LENGTH * 4),
  /** The CSV file's text or the pasted values. */
  text: z.string(),
  /** The uploaded file's name; absent or null for pasted values. */
  fileName: z.string().trim().min(1).max(255).nullable().optional(),
  valueColumn: column.optional(),
  /** Null: no time column; absent: chosen automatically. */
  timeColumn: column.nullable().optional(),
  scaling: z.enum(SCALINGS),
});
export type TUploadDatasetRequest = z.infer<typeof ZUploadDatasetRequest>;

export const ZDatasetView = z.object({
  id: z.string(),
  /** The uploader's name for it; for a built-in example, its name (the page writes its title from `example`). */
  name: z.string(),
  example: z.enum(EXAMPLE_NAMES).nullable(),
  /** Null: the user's private data. */
  classroomId: z.string().nullable(),
  length: z.number().int(),
  scaling: z.enum(SCALINGS),
  valueColumn: z.string().nullable(),
  timeColumn: z.string().nullable(),
  fileName: z.string().nullable(),
  /** ISO date; null for the built-in examples. */
  createdAt: z.string().nullable(),
  /** Whether the caller may delete it (their own or their classroom's upload; never an example). */
  deletable: z.boolean(),
});
export type TDatasetView = z.infer<typeof ZDatasetView>;

/** A series' values (in its own units, before scaling) and time labels. */
export const ZSeriesValues = z.object({
  values: z.array(z.number()),
  times: z.array(z.string()).nullable(),
});

export const ZDatasetWithValues = ZDatasetView.extend(ZSeriesValues.shape);
export type TDatasetWithValues = z.infer<typeof ZDatasetWithValues>;

/**
 * The part of an uploaded dataset a race or a run trains on: its first `values.length` values and their times (in a
 * race, the visible part: the held-back tail is never in it), with the scaling the configuration applies.
 */
export const ZVisibleSeries = ZSeriesValues.extend({
  datasetId: z.string(),
  name: z.string(),
  example: z.enum(EXAMPLE_NAMES).nullable(),
  scaling: z.enum(SCALINGS),
});
export type TVisibleSeries = z.infer<typeof ZVisibleSeries>;
