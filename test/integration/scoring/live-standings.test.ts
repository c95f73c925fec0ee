/**
 * The race ranks by what the server verified, live (issue 12): over real sockets and the real upload routes, the
 * live board ranks each student by their best run's latest verified checkpoint from the first one on, a claimed
 * loss of 0 ranks nothing, a submission takes over from the checkpoints, checkpoints never count as submissions
 * nor reach the private board, and they are spaced by the race's period. Time jumps on a shifted clock.
 */
import * as tf from "@tensorflow/tfjs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { request } from "@/app/_lib/realtime";
import type { TRaceBoard } from "@/lib/scoring/views";
import { createScoringPool, type ScoringPool } from "@/server/scoring/pool";
import { ShiftedClock } from "../../support/manual-time";
import { setUpRace, startRace, unwrap, type RaceSetup } from "../../support/race";
import { closeAllSockets } from "../../support/realtime";
import { raceConfig, TEST_RULES, trainWeights, untrainedWeights, uploadCheckpoint, uploadWeights, type TrainedWeights } from "../../support/scoring";
import { startTestServer, type ApiClient, type TestServer } from "../../support/server";

let pool: ScoringPool;
let server: TestServer;
let honest: TrainedWeights;
const clock = new ShiftedClock();

beforeAll(async () => {
  await tf.setBackend("cpu");
  pool = createScoringPool({ size: 1 });
  honest = await trainWeights(raceConfig(TEST_RULES));
  server = await startTestServer({ deps: { clock, services: { scoring: pool }, races: { tickMs: 100 } } });
});
afterEach(() => closeAllSockets());
afterAll(async () => {
  await server?.close();
  await pool?.close();
});

async function race(): Promise<{ setup: RaceSetup; runs: string[] }> {
  const setup = await setUpRace(server.url, { students: 2, rules: TEST_RULES });
  // Race pages enter the classroom's room, where the boards are broadcast.
  for (const s of setup.students) await unwrap(request(s.socket, "room:enter", { classroomId: setup.classroomId }));
  await startRace(setup);
  const runs: string[] = [];
  for (const s of setup.students) runs.push((await unwrap(request(s.socket, "run:start", { raceId: setup.race.id, config: honest.config, backend: null, device: null }))).run.runId);
  return { setup, runs };
}

async function board(client: ApiClient, raceId: string, kind: "public" | "private" = "public"): Promise<TRaceBoard["board"]> {
  const answer = await client.get<TRaceBoard>(`/api/races/${raceId}/board?kind=${kind}`);
  if (!answer.body.ok) throw new Error(JSON.stringify(answer.body));
  return answer.body.data.board;
}

const lines = (b: TRaceBoard["board"]) => b.rows.map((r) => [r.displayName, r.rank, r.source]);

describe("live standings", () => {
  it("rank by verified checkpoints from the first one on; a claimed loss ranks nothing; a submission takes over", async () => {
    const { setup, runs } = await race();
    const [fair, cheat] = setup.students as [RaceSetup["students"][0], RaceSetup["students"][0]];
    const id = setup.race.id;
    await unwrap(request(cheat.socket, "run:snapshot", { runId: runs[1]!, snapshots: [{ epoch: 1, trainLoss: 0, valLoss: 0, msPerEpoch: 3 }] }));
    // Before any checkpoint nobody is ranked, whatever they claim; everyone is listed.
    expect(await board(fair.client, id)).toMatchObject({ rows: [], unranked: [{ displayName: "Student 1" }, { displayName: "Student 2" }] });

    const first = await uploadCheckpoint(fair.client, id, runs[0]!, 12, honest.weights);
    expect(first.status).toBe(201);
    const heard = await cheat.inbox.next("board:updated", (b) => b.board.kind === "public" && b.board.rows.length === 1);
    expect(heard.board.rows[0]).toMatchObject({ displayName: "Student 1", rank: 1, source: "checkpoint", epoch: 12, runId: runs[0], submissionId: null });
    expect(heard.board.rows[0]!.score).toBeCloseTo((JSON.parse(first.text) as { data: { publicScore: number } }).data.publicScore, 12);

    // The cheater's real weights are scored: ranked by them, not by the loss 0 they stream.
    expect((await uploadCheckpoint(cheat.client, id, runs[1]!, 1, untrainedWeights(honest.config))).status).toBe(201);
    await fair.inbox.next("board:updated", (b) => b.board.kind === "public" && b.board.rows.length === 2);
    expect(lines(await board(fair.client, id))).toEqual([
      ["Student 1", 1, "checkpoint"],
      ["Student 2", 2, "checkpoint"],
    ]);

    // Spaced by the race's period: one sent at once is refused unscored; a period later it goes through.
    const tooSoon = await uploadCheckpoint(cheat.client, id, runs[1]!, 2, untrainedWeights(honest.config, 2));
    expect(tooSoon.status).toBe(429);
    expect(tooSoon.body.error).toMatchObject({ code: "rate_limited", reason: "checkpoint_too_soon" });
    const repos = server.database.repositories;
    expect(await repos.checkpoints.listForRace(id)).toHaveLength(2);
    clock.shift += TEST_RULES.checkpointEverySec * 1000;
    expect((await uploadCheckpoint(cheat.client, id, runs[1]!, 3, untrainedWeights(honest.config, 2))).status).toBe(201);
    expect(await repos.checkpoints.listForRace(id)).toHaveLength(3);
    // Checkpoints are not submissions: none used.
    expect(await repos.submissions.countForUser(id, cheat.userId)).toBe(0);

    // The fair student's final upload takes over from their checkpoints.
    expect((await uploadWeights(fair.client, id, runs[0]!, honest.weights)).status).toBe(201);
    await cheat.inbox.next("board:updated", (b) => b.board.kind === "public" && b.board.rows[0]?.source === "submission");
    const afterSubmission = await board(cheat.client, id);
    expect(afterSubmission.rows[0]).toMatchObject({ displayName: "Student 1", source: "submission", submissions: 1, epoch: null });

    // A finished run takes no more checkpoints.
    await unwrap(request(fair.socket, "run:finish", { runId: runs[0]!, status: "finished", msPerEpoch: 3 }));
    clock.shift += TEST_RULES.checkpointEverySec * 1000;
    expect((await uploadCheckpoint(fair.client, id, runs[0]!, 20, honest.weights)).body.error).toMatchObject({ code: "race_closed", reason: "run_over" });

    // After the reveal, the private board ranks submissions only: the cheater, with checkpoints alone, is unranked.
    await unwrap(request(setup.teacher.socket, "race:end", { raceId: id }));
    expect((await uploadCheckpoint(cheat.client, id, runs[1]!, 4, honest.weights)).body.error).toMatchObject({ code: "race_closed" });
    expect((await setup.teacher.client.post(`/api/races/${id}/reveal`)).status).toBe(200);
    const revealed = await board(cheat.client, id, "private");
    expect(lines(revealed)).toEqual([["Student 1", 1, "submission"]]);
    expect(revealed.unranked.map((u) => u.displayName)).toEqual(["Student 2"]);
  }, 60_000);

  it("an upload arriving just after the end (the grace period) counts on the final standings", async () => {
    const { setup, runs } = await race();
    const id = setup.race.id;
    expect((await uploadWeights(setup.students[0]!.client, id, runs[0]!, untrainedWeights(honest.config))).status).toBe(201);
    await unwrap(request(setup.teacher.socket, "race:end", { raceId: id }));
    expect(lines(await board(setup.teacher.client, id))).toEqual([["Student 1", 1, "submission"]]);
    // The second student's page uploads as the race ends: scored within the grace, it ranks first.
    expect((await uploadWeights(setup.students[1]!.client, id, runs[1]!, honest.weights)).status).toBe(201);
    expect(lines(await board(setup.teacher.client, id))).toEqual([
      ["Student 2", 1, "submission"],
      ["Student 1", 2, "submission"],
    ]);
  });
});
