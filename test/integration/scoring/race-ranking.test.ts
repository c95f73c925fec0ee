/**
 * The live race ranks by verified scores (issue 6 inside issue 5): over real sockets and the real upload route, a
 * cheater streaming loss 0 is unranked until the server scores its weights and then ranked by that score; the
 * final standings and the reveal use the verified (then hidden) scores.
 */
import * as tf from "@tensorflow/tfjs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { request } from "@/app/_lib/realtime";
import { standings } from "@/lib/race/ranking";
import type { RunView } from "@/lib/race/views";
import { createScoringPool, type ScoringPool } from "@/server/scoring/pool";
import { setUpRace, startRace, unwrap } from "../../support/race";
import { closeAllSockets } from "../../support/realtime";
import { raceConfig, TEST_RULES, trainWeights, untrainedWeights, uploadWeights, type TrainedWeights } from "../../support/scoring";
import { startTestServer, type TestServer } from "../../support/server";

let pool: ScoringPool;
let server: TestServer;
let honest: TrainedWeights;

beforeAll(async () => {
  await tf.setBackend("cpu");
  pool = createScoringPool({ size: 1 });
  honest = await trainWeights(raceConfig(TEST_RULES));
  server = await startTestServer({ deps: { services: { scoring: pool }, races: { tickMs: 100 } } });
});
afterEach(() => closeAllSockets());
afterAll(async () => {
  await server?.close();
  await pool?.close();
});

const ranking = (runs: readonly RunView[]) => standings(runs, (r) => r.score).map((s) => [s.userId, s.score === null ? null : s.rank]);

describe("the live race ranks by verified scores", () => {
  it("a cheater claiming loss 0 is unranked until scored, then ranked by its real score; the reveal re-ranks by the hidden scores", async () => {
    const setup = await setUpRace(server.url, { students: 2, rules: TEST_RULES });
    await startRace(setup);
    const [fair, cheat] = setup.students as [(typeof setup.students)[0], (typeof setup.students)[0]];
    const start = async (who: typeof fair) =>
      (await unwrap(request(who.socket, "run:start", { raceId: setup.race.id, config: honest.config, backend: null, device: null }))).run.runId;
    const fairRun = await start(fair);
    const cheatRun = await start(cheat);
    await unwrap(request(fair.socket, "run:snapshot", { runId: fairRun, snapshots: [1, 2].map((epoch) => ({ epoch, trainLoss: 0.5 / epoch, valLoss: 0.6 / epoch, msPerEpoch: 3 })) }));
    await unwrap(request(cheat.socket, "run:snapshot", { runId: cheatRun, snapshots: [1, 2].map((epoch) => ({ epoch, trainLoss: 0, valLoss: 0, msPerEpoch: 3 })) }));
    await setup.teacher.inbox.next("race:tick", (t) => t.runs.some((r) => r.runId === cheatRun && r.lastEpoch === 2));

    // Before any upload nobody is ranked: the self-reported losses travel, the score does not follow them.
    const before = await unwrap(request(setup.teacher.socket, "race:state", { raceId: setup.race.id }));
    expect(before.runs.map((r) => r.score)).toEqual([null, null]);
    expect(before.runs.find((r) => r.runId === cheatRun)).toMatchObject({ trainLoss: 0, valLoss: 0 });
    expect(ranking(before.runs)).toEqual([
      [expect.any(String), null],
      [expect.any(String), null],
    ]);

    // The cheater uploads poor weights claiming 0; the honest student uploads trained ones.
    expect((await uploadWeights(cheat.client, setup.race.id, cheatRun, untrainedWeights(honest.config), { claimedMse: 0 })).status).toBe(201);
    const cheatScores = await fair.inbox.next("race:scores", (e) => e.scores.some((s) => s.runId === cheatRun));
    const cheatScore = cheatScores.scores.find((s) => s.runId === cheatRun)!.score!;
    expect(cheatScore).toBeGreaterThan(0);
    // Ranked alone, first among one: the fair student is still unranked.
    const middle = await unwrap(request(fair.socket, "race:state", { raceId: setup.race.id }));
    expect(ranking(middle.runs)).toEqual([
      [cheat.userId, 1],
      [fair.userId, null],
    ]);

    expect((await uploadWeights(fair.client, setup.race.id, fairRun, honest.weights, { claimedMse: honest.finalValLoss! })).status).toBe(201);
    await cheat.inbox.next("race:scores", (e) => e.scores.some((s) => s.runId === fairRun));
    const repos = server.database.repositories;
    const stored = async (runId: string) => (await repos.runs.findById(runId))!.verifiedScore;
    const after = await unwrap(request(cheat.socket, "race:state", { raceId: setup.race.id }));
    expect(ranking(after.runs)).toEqual([
      [fair.userId, 1],
      [cheat.userId, 2],
    ]);
    // The room's score is the published (public board) score stored with the run, six significant digits.
    expect(after.runs.find((r) => r.runId === fairRun)!.score).toBeCloseTo((await stored(fairRun))!, 5);
    expect(after.runs.find((r) => r.runId === cheatRun)!.score).toBeCloseTo(cheatScore, 5);

    // The race ends: the final standings use the verified scores.
    await unwrap(request(setup.teacher.socket, "race:end", { raceId: setup.race.id }));
    type Result = { standings: { userId: string; rank: number; score: number | null }[]; runs: { runId: string; selfReported: number | null }[] };
    const result = async () => JSON.parse((await repos.races.findById(setup.race.id))!.resultJson!) as Result;
    expect((await result()).standings.map((s) => [s.userId, s.score])).toEqual([
      [fair.userId, await stored(fairRun)],
      [cheat.userId, await stored(cheatRun)],
    ]);
    expect((await result()).runs.find((r) => r.runId === cheatRun)!.selfReported).toBe(0);

    // The teacher reveals: the runs' verified scores become the hidden ones, the room and the standings follow.
    const publicScores = [await stored(fairRun), await stored(cheatRun)];
    expect((await setup.teacher.client.post(`/api/races/${setup.race.id}/reveal`)).status).toBe(200);
    const submissions = await repos.submissions.listForRace(setup.race.id);
    const hidden = new Map(submissions.map((s) => [s.runId, s.privateScore]));
    expect([hidden.get(fairRun), hidden.get(cheatRun)]).not.toEqual(publicScores);
    expect(await stored(fairRun)).toBe(hidden.get(fairRun));
    await fair.inbox.next("race:scores", (e) => e.scores.some((s) => s.runId === fairRun && Math.abs(s.score! - hidden.get(fairRun)!) < 1e-5 * hidden.get(fairRun)!));
    const revealed = await unwrap(request(fair.socket, "race:state", { raceId: setup.race.id }));
    for (const run of revealed.runs) expect(run.score).toBeCloseTo(hidden.get(run.runId)!, 5);
    const expected = [...hidden].sort((x, y) => x[1]! - y[1]!).map(([runId, score]) => [runId === fairRun ? fair.userId : cheat.userId, score]);
    expect((await result()).standings.map((s) => [s.userId, s.score])).toEqual(expected);
  }, 60_000);

  it("a tick's self-reported loss never moves a scored run: the next epochs keep its verified score", async () => {
    const setup = await setUpRace(server.url, { students: 1, rules: TEST_RULES });
    await startRace(setup);
    const ann = setup.students[0]!;
    const { run } = await unwrap(request(ann.socket, "run:start", { raceId: setup.race.id, config: honest.config, backend: null, device: null }));
    await unwrap(request(ann.socket, "run:snapshot", { runId: run.runId, snapshots: [{ epoch: 1, trainLoss: 1, valLoss: 1, msPerEpoch: 3 }] }));
    expect((await uploadWeights(ann.client, setup.race.id, run.runId, honest.weights)).status).toBe(201);
    const { scores } = await setup.teacher.inbox.next("race:scores", (e) => e.scores.some((s) => s.runId === run.runId));
    await unwrap(request(ann.socket, "run:snapshot", { runId: run.runId, snapshots: [{ epoch: 2, trainLoss: 0, valLoss: 0, msPerEpoch: 3 }] }));
    const tick = await setup.teacher.inbox.next("race:tick", (t) => t.runs.some((r) => r.runId === run.runId && r.lastEpoch === 2));
    expect(tick.runs.find((r) => r.runId === run.runId)!.score).toBe(scores[0]!.score);
  });

  it("an upload arriving just after the end (the grace period) re-writes the final standings", async () => {
    const setup = await setUpRace(server.url, { students: 2, rules: TEST_RULES });
    await startRace(setup);
    const runs: string[] = [];
    for (const student of setup.students) {
      runs.push((await unwrap(request(student.socket, "run:start", { raceId: setup.race.id, config: honest.config, backend: null, device: null }))).run.runId);
    }
    expect((await uploadWeights(setup.students[0]!.client, setup.race.id, runs[0]!, untrainedWeights(honest.config))).status).toBe(201);
    await setup.teacher.inbox.next("race:scores", (e) => e.scores.some((s) => s.runId === runs[0]));
    await unwrap(request(setup.teacher.socket, "race:end", { raceId: setup.race.id }));
    const repos = server.database.repositories;
    const standingsNow = async () =>
      (JSON.parse((await repos.races.findById(setup.race.id))!.resultJson!) as { standings: { userId: string; score: number | null }[] }).standings.map((s) => [s.userId, s.score !== null]);
    expect(await standingsNow()).toEqual([
      [setup.students[0]!.userId, true],
      [setup.students[1]!.userId, false],
    ]);
    // The second student's page uploads as the race ends: scored within the grace, it ranks first.
    expect((await uploadWeights(setup.students[1]!.client, setup.race.id, runs[1]!, honest.weights)).status).toBe(201);
    await setup.teacher.inbox.next("race:scores", (e) => e.scores.some((s) => s.runId === runs[1]));
    await expect.poll(standingsNow).toEqual([
      [setup.students[1]!.userId, true],
      [setup.students[0]!.userId, true],
    ]);
  });
});
