/**
 * Copied weights, for the teacher: a board row whose counted submission has exactly the parameters of another
 * student's submission (any of theirs, counted or not) names that student. Two students training the same
 * configuration from the same seed can legitimately get the same weights, and a copier who changes one digit is
 * not caught: the flag is a prompt for a conversation, never an automatic penalty, and students never see it.
 */
import type { Board, Participant, SubmissionEntry } from "./board";

export interface FingerprintedEntry extends SubmissionEntry {
  /** sha256 of the submission's parameters (null for rows stored before fingerprints existed). */
  paramsHash: string | null;
}

export function flagSharedWeights(board: Board, entries: readonly FingerprintedEntry[], participants: readonly Participant[]): Board {
  const names = new Map(participants.map((p) => [p.userId, p.displayName]));
  const usersByHash = new Map<string, Set<string>>();
  const hashOf = new Map<string, string>();
  for (const entry of entries) {
    if (entry.paramsHash === null) continue;
    hashOf.set(entry.id, entry.paramsHash);
    const users = usersByHash.get(entry.paramsHash) ?? new Set<string>();
    users.add(entry.userId);
    usersByHash.set(entry.paramsHash, users);
  }
  return {
    ...board,
    rows: board.rows.map((row) => {
      const hash = row.submissionId === null ? undefined : hashOf.get(row.submissionId);
      const others = [...(hash ? (usersByHash.get(hash) ?? []) : [])].filter((userId) => userId !== row.userId);
      if (others.length === 0) return row;
      return { ...row, sameWeightsAs: others.map((userId) => names.get(userId) ?? "?").sort() };
    }),
  };
}
