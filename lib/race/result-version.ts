/**
 * Which scores a race's stored final standings were computed from, so a slow writer cannot put older standings
 * back over newer ones. Two server processes may score uploads for the same race at nearly the same moment; the
 * one that read the scores earlier can write last. Each writer reads the version *before* it reads the scores:
 * both parts only ever grow (the private board is revealed once, submissions are never deleted), and a
 * submission's score is committed with its row, so standings computed after reading a version include at least
 * every score that version counts. A write whose version is lower than the stored one is refused; an equal one is
 * accepted (it read the scores no earlier than the stored writer's version, and the reveal re-scores runs one by
 * one after setting revealedAt, so its final re-read carries the same version as a read made midway).
 */
import { z } from "zod";

export const ResultVersionSchema = z.object({
  revealed: z.boolean(),
  submissions: z.number().int().nonnegative(),
});

export type ResultVersion = z.infer<typeof ResultVersionSchema>;

/**
 * Orders versions: not revealed before revealed, then by submission count. Versions read at different moments
 * are ordered the same way on both parts (both only grow), so this order never contradicts time.
 */
export function compareResultVersions(a: ResultVersion, b: ResultVersion): number {
  if (a.revealed !== b.revealed) return a.revealed ? 1 : -1;
  return a.submissions - b.submissions;
}

/**
 * May standings of version `next` replace the stored ones? Standings stored without a version (written before
 * versions existed, or none yet) are always replaced.
 */
export function mayReplaceResult(next: ResultVersion, stored: ResultVersion | null): boolean {
  return stored === null || compareResultVersions(next, stored) >= 0;
}

/** The version recorded in a stored result (its `version` field); null when there is none or it is malformed. */
export function storedResultVersion(resultJson: string | null): ResultVersion | null {
  if (resultJson === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(resultJson);
  } catch {
    return null;
  }
  const version = z.object({ version: ResultVersionSchema }).safeParse(parsed);
  return version.success ? version.data.version : null;
}
