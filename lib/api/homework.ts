/** A homework race's progress, for its teacher: every student, submitted or not yet, with what they used and scored. */
import { z } from "zod";

export const ZHomeworkProgressRow = z.object({
  userId: z.string(),
  displayName: z.string(),
  /** Verified submissions stored (within the race's limit). */
  used: z.number().int().nonnegative(),
  /** The best public score among them (one-step MSE on the visible validation windows); null before the first. */
  bestPublicScore: z.number().nullable(),
  /** When the latest arrived (epoch ms); null before the first. */
  lastAt: z.number().nullable(),
});

export const ZHomeworkProgress = z.object({
  raceId: z.string(),
  /** The race's submission limit, for "2 of 5 used". */
  limit: z.number().int().positive(),
  rows: z.array(ZHomeworkProgressRow),
});
export type THomeworkProgress = z.infer<typeof ZHomeworkProgress>;
