/** Request bodies of the classroom endpoints (server/http/routes/classrooms.ts). */
import { z } from "zod";

export const ZCreateClassroomRequest = z.strictObject({ name: z.string().max(400) });
export type TCreateClassroomRequest = z.infer<typeof ZCreateClassroomRequest>;

/** Lock/unlock and archive/restore; at least one of them. */
export const ZUpdateClassroomRequest = z
  .object({ locked: z.boolean().optional(), archived: z.boolean().optional() })
  .strict()
  .refine((body) => body.locked !== undefined || body.archived !== undefined, { message: "Nothing to change." });
export type TUpdateClassroomRequest = z.infer<typeof ZUpdateClassroomRequest>;
