/** The scoring pool runs lib/scoring in worker threads and gives the same verdicts as running it in-process. */
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateRaceSeries } from "@/lib/data/continuation";
import { OPS_IMPLEMENTATION } from "@/lib/ml/implementations";
import { prepareScoringData } from "@/lib/scoring/score";
import { verifySubmission } from "@/lib/scoring/verify";
import { createScoringPool, defaultPoolSize, type ScoringPool } from "@/server/scoring/pool";
import { raceConfig, TEST_RULES, trainWeights, untrainedWeights, type TrainedWeights } from "../../support/scoring";

const rules = TEST_RULES;
const hiddenSeed = 31337;
let pool: ScoringPool;
let trained: TrainedWeights;

beforeAll(async () => {
  await tf.setBackend("cpu");
  pool = createScoringPool({ size: 2 });
  trained = await trainWeights(raceConfig(rules, { model: { cell: "LSTM", hidden: 5 } }));
});
afterAll(() => pool.close());

describe("scoring pool", () => {
  it("sizes itself from the cores, leaving one to the event loop", () => {
    expect(defaultPoolSize(1)).toBe(1);
    expect(defaultPoolSize(2)).toBe(1);
    expect(defaultPoolSize(8)).toBe(7);
  });

  it("scores in a worker as lib/scoring does in-process, from the secret seed alone", async () => {
    const job = { kind: "submission" as const, raceId: "r1", hiddenSeed, rules, runConfig: trained.config, weights: trained.weights };
    const result = await pool.score(job);
    const data = prepareScoringData(generateRaceSeries({ dataset: rules.dataset, hiddenLength: rules.hiddenLength, hiddenSeed }), rules.window, rules.validationFraction);
    const local = verifySubmission({ ...job, data, layer: OPS_IMPLEMENTATION.layer });
    if (!result.ok || !local.ok) throw new Error("both should score");
    // The worker uses the fused kernel, the reference the ops layer: the same maths, float32 rounding apart.
    expect(result.scores.publicScore).toBeCloseTo(local.scores.publicScore!, 5);
    expect(result.scores.privateScore).toBeCloseTo(local.scores.privateScore!, 5);
    expect(result.scores.rolloutScore).toBeCloseTo(local.scores.rolloutScore!, 4);
    expect(result.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(trained.weights.byteLength).toBeGreaterThan(0); // the caller's bytes were copied, not moved
  });

  it("a checkpoint job is scored on the visible series alone: it never generates the hidden continuation", async () => {
    const base = { raceId: "r5", rules, runConfig: trained.config, weights: trained.weights };
    const submission = await pool.score({ ...base, kind: "submission", hiddenSeed });
    const checkpoint = await pool.score({ ...base, kind: "checkpoint" });
    if (!submission.ok || !checkpoint.ok) throw new Error("both should score");
    expect(checkpoint.publicScore).toBe(submission.scores.publicScore);
    expect(checkpoint.fingerprint).toBe(submission.fingerprint);
    expect(checkpoint).not.toHaveProperty("scores");
    // Rules whose hidden part cannot even be generated: a checkpoint still scores, a submission cannot.
    const noHidden = { ...rules, hiddenLength: 10 ** 9 };
    const blind = await pool.score({ ...base, raceId: "r6", rules: noHidden, kind: "checkpoint" });
    expect(blind).toMatchObject({ ok: true, publicScore: checkpoint.publicScore });
    await expect(pool.score({ ...base, raceId: "r6", rules: noHidden, kind: "submission", hiddenSeed })).rejects.toThrow(/hidden length/);
  });

  it("answers many jobs at once, each with its own verdict", async () => {
    const jobs = Array.from({ length: 12 }, (_, i) => ({
      kind: "submission" as const,
      raceId: "r2",
      hiddenSeed,
      rules,
      runConfig: trained.config,
      weights: i % 3 === 2 ? new TextEncoder().encode("not weights") : i % 3 === 1 ? untrainedWeights(trained.config, i) : trained.weights,
    }));
    const results = await Promise.all(jobs.map((job) => pool.score(job)));
    results.forEach((r, i) => {
      if (i % 3 === 2) expect(r).toMatchObject({ ok: false, problem: "invalid_file" });
      else expect(r.ok).toBe(true);
    });
    const [a, b] = [results[0], results[3]];
    expect(a).toEqual(b);
  });

  it("a job past the time limit fails alone and the worker is replaced", async () => {
    const slow = createScoringPool({ size: 1, timeoutMs: 1 });
    try {
      await expect(slow.score({ kind: "submission", raceId: "r3", hiddenSeed, rules, runConfig: trained.config, weights: trained.weights })).rejects.toThrow(/longer than 1 ms/);
    } finally {
      await slow.close();
    }
  });

  it("refuses work once closed", async () => {
    const closing = createScoringPool({ size: 1 });
    await closing.close();
    await expect(closing.score({ kind: "submission", raceId: "r4", hiddenSeed, rules, runConfig: trained.config, weights: trained.weights })).rejects.toThrow(/closed/);
  });
});
