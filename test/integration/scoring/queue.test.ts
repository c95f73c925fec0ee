/**
 * The scoring queue through the real HTTP route and the real worker pool (behind a gate the test opens, so what
 * reaches the workers, and in which order, is observable): over-limit uploads are refused before scoring, a
 * bystander is not starved by a flooder, and checkpoints are scored on the public data, one per run.
 */
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TSubmissionResult } from "@/lib/scoring/views";
import type { RaceRecord } from "@/server/persistence/records";
import { createScoringPool, type ScoringPool } from "@/server/scoring/pool";
import { settle } from "../../support/manual-time";
import { aRace, aRun } from "../../support/records";
import { GatedPool, raceConfig, TEST_RULES, untrainedWeights, uploadWeights } from "../../support/scoring";
import { joinAsStudent, startTestServer, teacherWithClassroom, type TestServer } from "../../support/server";

const config = raceConfig(TEST_RULES);
let pool: ScoringPool;
let gate: GatedPool;
let server: TestServer;
let code: string;
let classroomId: string;
let teacherId: string;

beforeAll(async () => {
  await tf.setBackend("cpu");
  pool = createScoringPool({ size: 1 });
});
afterAll(() => pool?.close());

/** A fresh server whose pool is the real one behind a closed gate. */
async function start(): Promise<void> {
  gate = new GatedPool(pool);
  server = await startTestServer({ deps: { services: { scoring: gate } } });
  const room = await teacherWithClassroom(server.url, "Queue");
  ({ code, classroomId } = room);
  teacherId = room.userId;
}
async function stop(): Promise<void> {
  gate.open();
  await server.close();
}

async function aRunningRace(limit: number): Promise<RaceRecord> {
  const race = aRace(classroomId, teacherId, { rules: { ...TEST_RULES, submissions: { limit, counts: "best" } }, status: "running", hiddenSeed: 77, endsAt: new Date(Date.now() + 600_000) });
  await server.database.repositories.races.create(race);
  return race;
}
async function aStudentWithRun(race: RaceRecord, name: string) {
  const student = await joinAsStudent(server.url, code, name);
  const run = aRun(student.userId, { classroomId, raceId: race.id, kind: "race", config, startedAt: new Date() });
  await server.database.repositories.runs.create(run);
  return { ...student, runId: run.id };
}
const waitFor = async (condition: () => boolean) => {
  for (let i = 0; i < 2000 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(condition()).toBe(true);
};

describe("one fair scoring queue", () => {
  beforeAll(start);
  afterAll(stop);

  it("30 concurrent uploads with a limit of 3: three are scored, 27 are refused before any scoring", async () => {
    const race = await aRunningRace(3);
    const student = await aStudentWithRun(race, "Flooder");
    await student.client.ensureCsrf();
    const files = Array.from({ length: 30 }, (_, i) => untrainedWeights(config, i + 1));
    const answers: { status: number; code?: string; scoredSoFar: number }[] = [];
    const uploads = files.map((file) =>
      uploadWeights(student.client, race.id, student.runId, file).then((answer) => {
        answers.push({ status: answer.status, code: answer.body.error?.code, scoredSoFar: gate.jobs.length });
        return answer;
      }),
    );
    // The gate is closed: nothing can be scored, yet 27 answers arrive.
    await waitFor(() => answers.length === 27);
    expect(answers.every((a) => a.status === 409 && a.code === "submission_limit")).toBe(true);
    expect(server.handle.ctx.services.scoringQueue.reservations.heldFor(race.id, student.userId)).toBe(3);
    gate.open();
    const all = await Promise.all(uploads);
    expect(all.filter((a) => a.status === 201)).toHaveLength(3);
    expect(all.filter((a) => a.status === 409)).toHaveLength(27);
    expect(gate.jobs.filter((j) => j.raceId === race.id)).toHaveLength(3);
    expect(await server.database.repositories.submissions.countForUser(race.id, student.userId)).toBe(3);
    expect(server.handle.ctx.services.scoringQueue.reservations.heldFor(race.id, student.userId)).toBe(0);
    expect((all.find((a) => a.status === 201)!.body.data as unknown as TSubmissionResult).submissionsLimit).toBe(3);
  });
});

describe("fairness and checkpoints through the real pool", () => {
  beforeAll(start);
  afterAll(stop);

  it("a bystander's upload is scored right after the flooder's one already in the worker", async () => {
    const race = await aRunningRace(20);
    const flooder = await aStudentWithRun(race, "Mallory");
    const bystander = await aStudentWithRun(race, "Ana");
    await Promise.all([flooder.client.ensureCsrf(), bystander.client.ensureCsrf()]);
    const floods = Array.from({ length: 12 }, (_, i) => untrainedWeights(config, 100 + i));
    const flooding = floods.map((file) => uploadWeights(flooder.client, race.id, flooder.runId, file));
    const queue = server.handle.ctx.services.scoringQueue;
    await waitFor(() => queue.stats().waitingSubmissions === 11 && gate.jobs.length === 1);
    const ana = untrainedWeights(config, 7);
    const hers = uploadWeights(bystander.client, race.id, bystander.runId, ana);
    await waitFor(() => queue.stats().waitingSubmissions === 12);
    gate.open();
    expect((await hers).status).toBe(201);
    expect((await Promise.all(flooding)).every((a) => a.status === 201)).toBe(true);
    const position = gate.jobs.findIndex((job) => Buffer.from(job.weights).equals(Buffer.from(ana)));
    expect(position).toBe(1);
  });

  it("scores a checkpoint as the public part of a submission, with an upload's checks, one per run waiting", async () => {
    const race = await aRunningRace(5);
    const student = await aStudentWithRun(race, "Chloe");
    const queue = server.handle.ctx.services.scoringQueue;
    const base = { raceId: race.id, runId: student.runId, userId: student.userId, rules: race.rules, runConfig: config };
    gate.open();
    const weights = untrainedWeights(config, 3);
    const checkpoint = await queue.scoreCheckpoint({ ...base, weights });
    const submitted = await uploadWeights(student.client, race.id, student.runId, weights);
    expect(submitted.status).toBe(201);
    expect(checkpoint).toMatchObject({ ok: true, publicScore: (submitted.body.data as unknown as TSubmissionResult).publicScore, fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(await queue.scoreCheckpoint({ ...base, weights: new TextEncoder().encode("not weights") })).toMatchObject({ ok: false, problem: "invalid_file" });
    // Bad run config for the race: refused with the rules' reason, like an upload.
    expect(await queue.scoreCheckpoint({ ...base, runConfig: raceConfig(TEST_RULES, { model: { hidden: 32 } }), weights: untrainedWeights(raceConfig(TEST_RULES, { model: { hidden: 32 } })) })).toMatchObject({
      ok: false,
      problem: "rules_violation",
    });

    // Three checkpoints of one run arrive together: the first goes to the free worker, the second waits and is
    // replaced by the third (an upload from another student arriving meanwhile goes first, unaffected).
    await settle();
    const other = await aStudentWithRun(race, "Dev");
    const busy = uploadWeights(other.client, race.id, other.runId, untrainedWeights(config, 8));
    const [first, second, third] = [1, 2, 3].map((seed) => queue.scoreCheckpoint({ ...base, weights: untrainedWeights(config, 10 + seed) }));
    expect(await second).toEqual({ ok: false, problem: "superseded" });
    expect(await first).toMatchObject({ ok: true });
    expect(await third).toMatchObject({ ok: true });
    expect((await busy).status).toBe(201);
  });
});
