/**
 * A race's standings: the one function every view of a race reads (the live board, the podium, the public and
 * private boards, the results page, the teacher's report, History's rank, the replay's leader), so they cannot
 * disagree. Pure: it takes what is stored (submissions, checkpoints, the classroom's students, the rules) and
 * which board, and ranks *students*, one row each.
 *
 * - **Public board** (what everyone sees until the teacher reveals the private one): a student's score is their
 *   counted submission's public score (lib/scoring/board: best or last by public information, within the limit);
 *   before their first submission, their best run's latest verified *checkpoint* (the server's public score of
 *   the weights the page uploaded mid-training). Both are one-step MSE on the visible validation windows, so they
 *   rank together; the row says which it is and when it was verified.
 * - **Private board**: the counted submissions only, by the race metric's hidden score (a model that diverged on
 *   the hidden data ranks last, with no score). Checkpoints never reach it: they are never scored on hidden data.
 * - Equal scores share a rank (1, 2, 2, 4); among equals the earlier verified comes first. A student with nothing
 *   verified is listed apart, unranked (their browser may be unable to upload): never dropped.
 * - `at`: only what existed at that moment (a replay's "leading at this moment").
 */
import type { RaceRules } from "./rules";
import { countedSubmissions, type Board, type BoardKind, type BoardRow, type Participant, type SubmissionEntry } from "../scoring/board";

export interface CheckpointEntry {
  id: string;
  userId: string;
  runId: string;
  createdAt: Date;
  epoch: number;
  /** One-step MSE on the visible validation windows, as the server computed it. */
  publicScore: number;
}

export interface StandingsInput {
  rules: Pick<RaceRules, "metric" | "submissions">;
  /** The classroom's students: everyone gets a line. */
  students: readonly Participant[];
  submissions: readonly SubmissionEntry[];
  checkpoints: readonly CheckpointEntry[];
  /** Only what existed at this moment (epoch ms); everything when absent. */
  at?: number;
}

type Row = Omit<BoardRow, "rank" | "rankDelta" | "publicRank">;

const ms = (d: Date) => d.getTime();

/** Lower is better; no score (diverged) after every score; then the earlier verified, then the id. */
function compare(a: Row, b: Row): number {
  const [x, y] = [a.score ?? Infinity, b.score ?? Infinity];
  if (x !== y) return x < y ? -1 : 1;
  return a.verifiedAt - b.verifiedAt || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0);
}

/** Competition ranking of rows already sorted by score: equal scores share the better rank. */
function ranked(rows: Row[]): (Row & { rank: number })[] {
  rows.sort(compare);
  return rows.map((row, i) => {
    let first = i;
    while (first > 0 && rows[first - 1]!.score === row.score) first--;
    return { ...row, rank: first + 1 };
  });
}

/** Each run's latest checkpoint, then each student's best of those. */
function bestCheckpoints(checkpoints: readonly CheckpointEntry[]): Map<string, CheckpointEntry> {
  const latestPerRun = new Map<string, CheckpointEntry>();
  for (const c of checkpoints) {
    const seen = latestPerRun.get(c.runId);
    if (!seen || ms(c.createdAt) > ms(seen.createdAt) || (ms(c.createdAt) === ms(seen.createdAt) && c.id > seen.id)) latestPerRun.set(c.runId, c);
  }
  const best = new Map<string, CheckpointEntry>();
  for (const c of latestPerRun.values()) {
    const seen = best.get(c.userId);
    if (!seen || c.publicScore < seen.publicScore || (c.publicScore === seen.publicScore && ms(c.createdAt) < ms(seen.createdAt))) best.set(c.userId, c);
  }
  return best;
}

export function computeStandings(kind: BoardKind, input: StandingsInput): Board {
  const { rules, students } = input;
  const until = (d: Date) => input.at === undefined || ms(d) <= input.at;
  const submissions = input.submissions.filter((s) => until(s.createdAt));
  const names = new Map(students.map((p) => [p.userId, p]));
  const nameOf = (userId: string) => names.get(userId)?.displayName ?? "?";
  const selfReported = (userId: string, claim: number | null) => claim ?? names.get(userId)?.selfReported ?? null;

  const counted = countedSubmissions(submissions, rules);
  const submissionRow = (userId: string, score: (s: { publicScore: number; privateScore: number | null; rolloutScore: number | null }) => number | null): Row => {
    const { counted: s, count, claim } = counted.get(userId)!;
    return {
      userId,
      displayName: nameOf(userId),
      score: score(s),
      source: "submission",
      verifiedAt: ms(s.createdAt),
      epoch: null,
      submissionId: s.id,
      runId: s.runId,
      submissions: count,
      selfReported: selfReported(userId, claim),
    };
  };

  const publicRows: Row[] = [...counted.keys()].map((userId) => submissionRow(userId, (s) => s.publicScore));
  for (const c of bestCheckpoints(input.checkpoints.filter((c) => until(c.createdAt))).values()) {
    if (counted.has(c.userId)) continue;
    const used = submissions.filter((s) => s.userId === c.userId).length;
    publicRows.push({
      userId: c.userId,
      displayName: nameOf(c.userId),
      score: c.publicScore,
      source: "checkpoint",
      verifiedAt: ms(c.createdAt),
      epoch: c.epoch,
      submissionId: null,
      runId: c.runId,
      submissions: Math.min(used, rules.submissions.limit),
      selfReported: selfReported(c.userId, null),
    });
  }
  const publicBoard = ranked(publicRows);
  const unrankedOf = (rows: readonly Row[]) => {
    const listed = new Set(rows.map((r) => r.userId));
    return students.filter((p) => !listed.has(p.userId)).map((p) => ({ userId: p.userId, displayName: p.displayName, selfReported: p.selfReported ?? null }));
  };

  if (kind === "public") {
    return { kind, metric: "public-one-step", rows: publicBoard.map((r) => ({ ...r, rankDelta: null, publicRank: r.rank })), unranked: unrankedOf(publicBoard) };
  }
  const publicRank = new Map(publicBoard.map((r) => [r.userId, r.rank]));
  const hidden = (s: { privateScore: number | null; rolloutScore: number | null }) => (rules.metric === "rollout" ? s.rolloutScore : s.privateScore);
  const privateBoard = ranked([...counted.keys()].map((userId) => submissionRow(userId, hidden)));
  return {
    kind,
    metric: rules.metric,
    rows: privateBoard.map((r) => {
      const before = publicRank.get(r.userId) ?? null;
      return { ...r, publicRank: before, rankDelta: before === null ? null : before - r.rank };
    }),
    unranked: unrankedOf(privateBoard),
  };
}

/** The board everyone sees: the private one once revealed, the public one until then. */
export function publishedStandings(input: StandingsInput, revealed: boolean): Board {
  return computeStandings(revealed ? "private" : "public", input);
}

export interface Leader {
  /** Epoch ms from which this student leads (a verification changed the public board's first row). */
  at: number;
  userId: string;
  displayName: string;
  /** The run that counts for them at that moment. */
  runId: string;
  score: number;
  source: "submission" | "checkpoint";
}

/**
 * Who led the public board over time: one entry per verification that changed the first row, in time order.
 * The replay's "leading at this moment". The same ranking as `computeStandings` at every instant (the property
 * test checks it), computed in one pass over the race's verifications rather than one board per instant, since
 * a race of 300 students checkpointing every 10 s verifies tens of thousands of times.
 */
export function leaderTimeline(input: Omit<StandingsInput, "at">): Leader[] {
  const names = new Map(input.students.map((p) => [p.userId, p.displayName]));
  type Event = { at: number; id: string; userId: string } & ({ kind: "submission"; entry: SubmissionEntry } | { kind: "checkpoint"; entry: CheckpointEntry });
  const events: Event[] = [
    ...input.submissions.map((entry) => ({ at: ms(entry.createdAt), id: entry.id, userId: entry.userId, kind: "submission" as const, entry })),
    ...input.checkpoints.map((entry) => ({ at: ms(entry.createdAt), id: entry.id, userId: entry.userId, kind: "checkpoint" as const, entry })),
  ].sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1));
  const submissions = new Map<string, SubmissionEntry[]>();
  const checkpoints = new Map<string, CheckpointEntry[]>();
  const standing = new Map<string, Row>();
  const timeline: Leader[] = [];
  const touched = new Set<string>();
  for (let i = 0; i < events.length; i++) {
    const event = events[i]!;
    if (event.kind === "submission") submissions.set(event.userId, [...(submissions.get(event.userId) ?? []), event.entry]);
    else checkpoints.set(event.userId, [...(checkpoints.get(event.userId) ?? []), event.entry]);
    touched.add(event.userId);
    // Verifications at the same instant land together, as they do on the board at that instant.
    if (events[i + 1]?.at === event.at) continue;
    for (const userId of touched) {
      const board = computeStandings("public", {
        rules: input.rules,
        students: [],
        submissions: submissions.get(userId) ?? [],
        checkpoints: checkpoints.get(userId) ?? [],
      });
      const row = board.rows[0];
      if (row) standing.set(userId, row);
    }
    touched.clear();
    let first: Row | null = null;
    for (const row of standing.values()) if (first === null || compare(row, first) < 0) first = row;
    const previous = timeline[timeline.length - 1];
    if (first && first.score !== null && (!previous || previous.userId !== first.userId || previous.score !== first.score || previous.runId !== first.runId)) {
      timeline.push({ at: event.at, userId: first.userId, displayName: names.get(first.userId) ?? "?", runId: first.runId, score: first.score, source: first.source });
    }
  }
  return timeline;
}

/** A student's line on the live board: their row (null: nothing verified yet) and the run shown with it. */
export interface StandingLine<R> {
  userId: string;
  displayName: string;
  row: BoardRow | null;
  /** The run the row counts, or the student's latest run; null before their first run. */
  run: R | null;
}

/** Every student in the board's order (ranked, then unranked), each with their live run. */
export function standingLines<R extends { runId: string; userId: string; startedAt: number }>(board: Board, runs: readonly R[]): StandingLine<R>[] {
  const byId = new Map(runs.map((r) => [r.runId, r]));
  const latest = new Map<string, R>();
  for (const run of runs) {
    const seen = latest.get(run.userId);
    if (!seen || run.startedAt >= seen.startedAt) latest.set(run.userId, run);
  }
  return [
    ...board.rows.map((row) => ({ userId: row.userId, displayName: row.displayName, row, run: byId.get(row.runId) ?? latest.get(row.userId) ?? null })),
    ...board.unranked.map((u) => ({ userId: u.userId, displayName: u.displayName, row: null, run: latest.get(u.userId) ?? null })),
  ];
}

/** The podium: the first three scored lines of the published standings, with their counted runs. */
export function podium<R extends { runId: string; userId: string; startedAt: number }>(board: Board, runs: readonly R[]): { row: BoardRow & { score: number }; run: R; displayName: string }[] {
  return standingLines(board, runs)
    .flatMap(({ row, run, displayName }) => (row && run && row.score !== null ? [{ row: { ...row, score: row.score }, run, displayName }] : []))
    .slice(0, 3);
}
