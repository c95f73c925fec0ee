/** Request bodies and parameters of the history endpoints (server/http/routes/history.ts). */
import { z } from "zod";
import { NOTE_MAX_LENGTH, TAGS_PER_RUN_MAX, TagSchema } from "@/lib/history/query";

export const ZAnnotateRunRequest = z
  .strictObject({
    tags: z.array(TagSchema).max(TAGS_PER_RUN_MAX, `at most ${TAGS_PER_RUN_MAX} tags`).optional(),
    note: z.string().max(NOTE_MAX_LENGTH, `a note has at most ${NOTE_MAX_LENGTH} characters`).nullable().optional(),
  })
  .refine((body) => body.tags !== undefined || body.note !== undefined, { message: "Nothing to change." });
export type TAnnotateRunRequest = z.infer<typeof ZAnnotateRunRequest>;

const id = z.string().trim().min(1).max(100);

/** `ids=a,b,c` (comma separated, as the compare page's address carries them). */
export const ZCompareParams = z.strictObject({
  ids: z
    .string({ error: "ids is required" })
    .max(1100)
    .transform((value) => value.split(",").map((part) => part.trim()).filter(Boolean))
    .pipe(z.array(id)),
});

export const ZSweepParams = z
  .strictObject({ classroomId: id.optional(), raceId: id.optional() })
  .refine((p) => p.classroomId !== undefined || p.raceId !== undefined, { message: "classroomId or raceId is required", path: ["classroomId"] });

export const ZReplayParams = z.strictObject({ raceId: id });
export const ZReportParams = z.strictObject({ classroomId: id });
