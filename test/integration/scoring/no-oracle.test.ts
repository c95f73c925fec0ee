/**
 * Upload answers carry no information about the hidden data (issue 11, finding 1). Two races identical but for
 * their secret seed, so their hidden continuations differ, receive the same uploads, among them a crafted relu
 * RNN that overflows only when an input exceeds a threshold lying between the two continuations' values: on
 * one race its private score is not finite, on the other it is. Every HTTP answer, every board a student can
 * read, and every stored column but the hidden scores themselves must be identical across the two races.
 * A model whose public predictions overflow is refused with one fixed message and uses up a submission.
 */
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { request } from "@/app/_lib/realtime";
import { generateContinuation } from "@/lib/data/continuation";
import { generateSeries } from "@/lib/data/series";
import { OPS_IMPLEMENTATION } from "@/lib/ml/implementations";
import { initialParamValues } from "@/lib/ml/model";
import { encodeWeights } from "@/lib/ml/weights-format";
import { RaceRulesSchema, type PresetRaceRules } from "@/lib/race/rules";
import { prepareScoringData } from "@/lib/scoring/score";
import type { TRaceBoard } from "@/lib/scoring/views";
import { verifySubmission } from "@/lib/scoring/verify";
import { generateRaceSeries } from "@/lib/data/continuation";
import type { RaceRecord } from "@/server/persistence/records";
import { createScoringPool, type ScoringPool } from "@/server/scoring/pool";
import { aRace, aRun } from "../../support/records";
import { closeAllSockets, connected, Inbox } from "../../support/realtime";
import { raceConfig, untrainedWeights, uploadCheckpoint, uploadWeights } from "../../support/scoring";
import { joinAsStudent, startTestServer, teacherWithClassroom, type ApiClient, type TestServer } from "../../support/server";
import { inEnglish } from "../../support/in-english";

/** Few visible points and strong noise, so a hidden point can stand above every visible one. */
const RULES = RaceRulesSchema.parse({
  dataset: { preset: "noisy-cosine", length: 40, noise: 0.5, seed: 11 },
  window: 8,
  validationFraction: 0.25,
  budget: { maxEpochs: 50, timeLimitSec: null },
  allowedCells: ["RNN", "GRU"],
  maxLayers: 1,
  maxHidden: 8,
  metric: "one-step",
  submissions: { limit: 5, counts: "best" },
  hiddenLength: 30,
}) as PresetRaceRules;
const CONFIG = raceConfig(RULES, { model: { cell: "RNN", nonlinearity: "relu", hidden: 2 } });
const visible = generateSeries(RULES.dataset);
const [visibleMin, visibleMax] = [Math.min(...visible), Math.max(...visible)];
/** The hidden points a one-step window ends on (the last hidden point is only ever a target). */
const hiddenInputs = (seed: number) => generateContinuation({ dataset: RULES.dataset, hiddenLength: RULES.hiddenLength, hiddenSeed: seed }).subarray(0, -1);

/**
 * Two secret seeds whose continuations cross a threshold beyond every visible point, in opposite directions: only
 * A's rises above `high`, only B's falls below `low`.
 */
function seedsAndThresholds(): { a: number; b: number; high: number; low: number } {
  const seeds = Array.from({ length: 2000 }, (_, i) => 1000 + i).map((seed) => {
    const inputs = hiddenInputs(seed);
    return { seed, max: Math.max(...inputs), min: Math.min(...inputs) };
  });
  const a = seeds.find((s) => s.max > visibleMax + 0.2 && s.min > visibleMin)!;
  const b = seeds.find((s) => s.max < visibleMax && s.min < visibleMin - 0.2)!;
  return { a: a.seed, b: b.seed, high: (visibleMax + a.max) / 2, low: (visibleMin + b.min) / 2 };
}

/**
 * A relu RNN whose first unit is 0 unless the window's last input lies beyond `threshold` (above it for
 * direction 1, below for −1), where it is ~1e28, and whose head multiplies it by 1e30: float32 overflows exactly
 * for windows ending beyond the threshold.
 */
function overflowBeyond(threshold: number, direction: 1 | -1 = 1): Uint8Array {
  const params = initialParamValues(CONFIG.model, 1);
  for (const values of Object.values(params)) values.fill(0);
  params["rnn.weight_ih_l0"]![0] = direction * 1e30;
  params["rnn.bias_ih_l0"]![0] = -direction * 1e30 * threshold;
  params["output.weight"]![0] = 1e30;
  return encodeWeights(CONFIG, params);
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
/** Ids differ between the races by construction: each is replaced by its order of first appearance. */
function withoutIds(texts: string[]): string[] {
  const seen = new Map<string, string>();
  return texts.map((text) => text.replace(UUID, (id) => seen.get(id) ?? (seen.set(id, `id${seen.size}`), `id${seen.size - 1}`)));
}

let server: TestServer;
let pool: ScoringPool;
const NOW = Date.parse("2026-03-02T10:00:00Z");
/** The server's clock: each race's uploads replay at the same instants. */
let now = NOW;

beforeAll(async () => {
  await tf.setBackend("cpu");
  pool = createScoringPool({ size: 1 });
  server = await startTestServer({ deps: { services: { scoring: pool }, clock: { now: () => now } } });
});
afterAll(async () => {
  closeAllSockets();
  await server?.close();
  await pool?.close();
});

interface Entrant {
  race: RaceRecord;
  student: ApiClient;
  userId: string;
  runId: string;
  inbox: Inbox;
}

async function aRaceWithStudent(hiddenSeed: number): Promise<Entrant> {
  const room = await teacherWithClassroom(server.url, "Oracle check");
  const repos = server.database.repositories;
  const race = aRace(room.classroomId, room.userId, { rules: RULES, status: "running", hiddenSeed, startsAt: new Date(NOW), endsAt: new Date(NOW + 600_000) });
  await repos.races.create(race);
  const student = await joinAsStudent(server.url, room.code, "Ana");
  const run = aRun(student.userId, { classroomId: room.classroomId, raceId: race.id, kind: "race", config: CONFIG, startedAt: new Date(NOW) });
  await repos.runs.create(run);
  const socket = student.client.socket({ autoConnect: false });
  await connected(socket);
  const inbox = new Inbox(socket);
  expect((await request(socket, "room:enter", { classroomId: room.classroomId })).ok).toBe(true);
  return { race, student: student.client, userId: student.userId, runId: run.id, inbox };
}

/** Everything stored about the race but the hidden scores themselves. */
async function storedState(e: Entrant) {
  const repos = server.database.repositories;
  const submissions = (await repos.submissions.listForRace(e.race.id)).map((s) => ({ ...s, privateScore: "hidden", rolloutScore: "hidden" }));
  const weights = await Promise.all(submissions.map((s) => repos.submissions.readWeights(s.id)));
  const run = await repos.runs.findById(e.runId);
  return withoutIds([JSON.stringify({ submissions, weights: weights.map((w) => Array.from(w ?? [])), run })]);
}

describe("no hidden-data oracle in upload answers", () => {
  it("two races that differ only in their hidden data answer the same uploads byte for byte, and store the same", async () => {
    const seeds = seedsAndThresholds();
    const above = overflowBeyond(seeds.high, 1);
    const below = overflowBeyond(seeds.low, -1);
    // The crafted models really tell the two continuations apart: oracles, if anything answered differently.
    const local = (weights: Uint8Array, seed: number) => {
      const data = prepareScoringData(generateRaceSeries({ dataset: RULES.dataset, hiddenLength: RULES.hiddenLength, hiddenSeed: seed }), RULES.window, RULES.validationFraction);
      const result = verifySubmission({ weights, runConfig: CONFIG, rules: RULES, data, layer: OPS_IMPLEMENTATION.layer });
      if (!result.ok) throw new Error(result.message);
      return result.scores;
    };
    expect(local(above, seeds.a)).toMatchObject({ publicScore: expect.any(Number), privateScore: null });
    expect(local(above, seeds.b)).toMatchObject({ publicScore: local(above, seeds.a).publicScore, privateScore: expect.any(Number) });
    expect(local(below, seeds.a)).toMatchObject({ publicScore: expect.any(Number), privateScore: expect.any(Number) });
    expect(local(below, seeds.b)).toMatchObject({ publicScore: local(below, seeds.a).publicScore, privateScore: null });

    const races = [await aRaceWithStudent(seeds.a), await aRaceWithStudent(seeds.b)];
    const uploads = [above, below, overflowBeyond(-10), ...[4, 5, 6].map((seed) => untrainedWeights(CONFIG, seed))];
    const transcripts: string[][] = [];
    for (const e of races) {
      const texts: string[] = [];
      now = NOW;
      for (const weights of uploads) {
        now += 60_000;
        const answer = await uploadWeights(e.student, e.race.id, e.runId, weights);
        texts.push(`${answer.status} ${answer.text}`);
        const board = await e.student.get<TRaceBoard>(`/api/races/${e.race.id}/board?kind=public`);
        texts.push(`${board.status} ${JSON.stringify(board.body)}`);
      }
      transcripts.push(texts);
    }
    const [a, b] = transcripts.map(withoutIds) as [string[], string[]];
    expect(a).toEqual(b);
    // The crafted models were accepted like any model; the one overflowing on the public windows was refused
    // with the fixed message and counted; two more counted; the last was over the limit of five.
    expect(a.filter((_, i) => i % 2 === 0).map((t) => t.slice(0, 3))).toEqual(["201", "201", "422", "201", "201", "409"]);
    expect(a[4]).toContain('"reason":"unscorable"');
    expect(a[4]).not.toMatch(/private|rollout|Infinity|NaN/i);

    // Stored state: identical but for the hidden-score columns, which really differ.
    expect(await storedState(races[0]!)).toEqual(await storedState(races[1]!));
    const hidden = await Promise.all(races.map(async (e) => (await server.database.repositories.submissions.listForRace(e.race.id)).slice(0, 2).map((s) => s.privateScore)));
    expect(hidden).toEqual([
      [null, expect.any(Number)],
      [expect.any(Number), null],
    ]);

    // The boards pushed to the student sockets: the latest public board of each race is the same.
    const latest = await Promise.all(races.map((e) => e.inbox.next("board:updated", (p) => p.board.rows[0]?.submissions === 5)));
    expect(withoutIds([JSON.stringify(latest[0])])).toEqual(withoutIds([JSON.stringify(latest[1])]));
  });

  it("checkpoints are scored on public data only: the same answers and the same stored checkpoints whatever the hidden data", async () => {
    const seeds = seedsAndThresholds();
    const races = [await aRaceWithStudent(seeds.a), await aRaceWithStudent(seeds.b)];
    const uploads = [overflowBeyond(seeds.high, 1), overflowBeyond(seeds.low, -1), overflowBeyond(-10), untrainedWeights(CONFIG, 7)];
    const transcripts: string[][] = [];
    for (const e of races) {
      const texts: string[] = [];
      now = NOW;
      for (const [i, weights] of uploads.entries()) {
        // A checkpoint period apart: none is refused for coming too soon.
        now += RULES.checkpointEverySec * 1000;
        const answer = await uploadCheckpoint(e.student, e.race.id, e.runId, i + 1, weights);
        texts.push(`${answer.status} ${answer.text}`);
        const board = await e.student.get<TRaceBoard>(`/api/races/${e.race.id}/board?kind=public`);
        texts.push(`${board.status} ${JSON.stringify(board.body)}`);
      }
      transcripts.push(texts);
    }
    const [a, b] = transcripts.map(withoutIds) as [string[], string[]];
    expect(a).toEqual(b);
    // Both crafted models are scored like any; the one overflowing on the public windows has no score, and no
    // checkpoint is a submission.
    expect(a.filter((_, i) => i % 2 === 0).map((t) => t.slice(0, 3))).toEqual(["201", "201", "422", "201"]);
    expect(a[4]).toContain('"reason":"unscorable_checkpoint"');
    const repos = server.database.repositories;
    const stored = await Promise.all(races.map(async (e) => withoutIds([JSON.stringify({ checkpoints: await repos.checkpoints.listForRace(e.race.id), run: await repos.runs.findById(e.runId) })])));
    expect(stored[0]).toEqual(stored[1]);
    expect(await repos.submissions.listForRace(races[0]!.race.id)).toEqual([]);
  });

  it("repeated unscorable uploads are refused with one fixed answer and use up the submission limit", async () => {
    const e = await aRaceWithStudent(4242);
    const overflowing = overflowBeyond(-10);
    const answers = [];
    for (let i = 0; i < RULES.submissions.limit; i++) answers.push(await uploadWeights(e.student, e.race.id, e.runId, overflowing));
    expect(answers.map((a) => [a.status, a.body.error?.code, a.body.error?.reason])).toEqual(Array(5).fill([422, "invalid_weights", "unscorable"]));
    expect(answers.map((a) => inEnglish(a.body.error))).toEqual([1, 2, 3, 4, 5].map((used) => `These weights cannot be scored: the model's predictions on the validation part are not finite numbers (they overflow). This upload counts as a submission (${used} of 5 used).`));
    // The limit is used up: even an honest model is now refused, unscored.
    const honest = await uploadWeights(e.student, e.race.id, e.runId, untrainedWeights(CONFIG, 2));
    expect(honest.status).toBe(409);
    expect(honest.body.error).toMatchObject({ code: "submission_limit", reason: "reached" });
    const stored = await server.database.repositories.submissions.listForRace(e.race.id);
    expect(stored.map((s) => s.publicScore)).toEqual([null, null, null, null, null]);
    expect((await server.database.repositories.runs.findById(e.runId))?.verifiedScore).toBeNull();
    const board = await e.student.get<TRaceBoard>(`/api/races/${e.race.id}/board?kind=public`);
    expect(board.body.ok && board.body.data.board).toMatchObject({ rows: [], unranked: [{ userId: e.userId }] });
  });
});
