/**
 * The scoring queue's order and bounds, on a manual clock, with a pool whose jobs finish when the test says
 * (what the queue decides is the order and the moment jobs reach the pool; the real pool's scoring is tested in
 * scoring-pool.test.ts and through HTTP in test/integration/scoring).
 */
import { describe, expect, it } from "vitest";
import type { TrainingConfig } from "@/lib/ml/config";
import { DEFAULT_RACE_RULES } from "@/lib/race/rules";
import type { CheckpointVerification, Verification } from "@/lib/scoring/verify";
import { AppError } from "@/server/errors";
import { createLogger } from "@/server/logger";
import type { ScoringPool } from "@/server/scoring/pool";
import type { ScoringJob } from "@/server/scoring/protocol";
import { ScoringQueue } from "@/server/scoring/queue";
import { ManualTime, settle } from "../../support/manual-time";
import { raceConfig } from "../../support/scoring";

const rules = DEFAULT_RACE_RULES;
const runConfig: TrainingConfig = raceConfig(rules);

/** A pool of `size` workers whose jobs the test finishes one by one, in the order they started. */
class StepPool implements ScoringPool {
  readonly started: { job: ScoringJob; finish(result: Verification | CheckpointVerification): void }[] = [];
  private running = 0;
  constructor(readonly size: number) {}
  score<J extends ScoringJob>(job: J) {
    this.running++;
    if (this.running > this.size) throw new Error("the queue gave the pool more jobs than it has workers");
    return new Promise((resolve) => {
      this.started.push({ job, finish: (result) => ((this.running -= 1), resolve(result)) });
    }) as never;
  }
  async close() {}
  /** Finishes the oldest unfinished job with a verdict built from its weights' first byte (its label). */
  async finishNext(publicScore: number | null = 0.5): Promise<string> {
    const next = this.started.find((s) => !(s as { done?: boolean }).done)!;
    (next as { done?: boolean }).done = true;
    const config = next.job.runConfig;
    next.finish(
      next.job.kind === "checkpoint"
        ? { ok: true, publicScore, config, fingerprint: null }
        : { ok: true, scores: { publicScore, privateScore: 0.7, rolloutScore: 0.9 }, config, fingerprint: null },
    );
    await settle();
    return label(next.job);
  }
}

const label = (job: ScoringJob) => new TextDecoder().decode(job.weights);
const weights = (name: string) => new TextEncoder().encode(name);
const logger = createLogger("silent");

function setup(size = 1, maxQueued?: number) {
  const time = new ManualTime();
  const pool = new StepPool(size);
  const queue = new ScoringQueue(pool, time, logger, { maxQueued });
  const submit = (raceId: string, userId: string, name: string) => queue.scoreSubmission({ raceId, userId, hiddenSeed: 1, rules, runConfig, weights: weights(name) });
  const checkpoint = (raceId: string, userId: string, runId: string, name: string) => queue.scoreCheckpoint({ raceId, runId, userId, rules, runConfig, weights: weights(name) });
  return { time, pool, queue, submit, checkpoint };
}

describe("scoring queue", () => {
  it("a bystander's upload is scored after at most one of a flooder's thirty (the one already running)", async () => {
    const { pool, submit } = setup(1);
    const flood = Array.from({ length: 30 }, (_, i) => submit("race", "mallory", `m${i}`));
    await settle();
    const bystander = submit("race", "ana", "ana");
    const order: string[] = [];
    while (order.length < 31) order.push(await pool.finishNext());
    // m0 was already in the worker when Ana uploaded; hers is the very next job.
    expect(order.slice(0, 3)).toEqual(["m0", "ana", "m1"]);
    await Promise.all([...flood, bystander]);
  });

  it("races take turns, and students within a race", async () => {
    const { pool, submit } = setup(1);
    const jobs = [
      submit("heavy", "a", "h-a1"),
      submit("heavy", "a", "h-a2"),
      submit("heavy", "b", "h-b1"),
      submit("heavy", "b", "h-b2"),
      submit("heavy", "c", "h-c1"),
      submit("light", "x", "l-x1"),
    ];
    await settle();
    const order: string[] = [];
    while (order.length < jobs.length) order.push(await pool.finishNext());
    // The first job started alone; then the light race gets its turn before the heavy race's second student.
    expect(order).toEqual(["h-a1", "l-x1", "h-b1", "h-c1", "h-a2", "h-b2"]);
    await Promise.all(jobs);
  });

  it("final submissions go before checkpoints, and the pool never gets more jobs than workers", async () => {
    const { pool, submit, checkpoint } = setup(2);
    const early = [checkpoint("r", "a", "run-a", "cp-a"), checkpoint("r", "b", "run-b", "cp-b")];
    await settle();
    const late = [checkpoint("r", "c", "run-c", "cp-c"), submit("r", "d", "sub-d"), checkpoint("r", "e", "run-e", "cp-e"), submit("r", "f", "sub-f")];
    await settle();
    const order: string[] = [];
    while (order.length < 6) order.push(await pool.finishNext());
    expect(order).toEqual(["cp-a", "cp-b", "sub-d", "sub-f", "cp-c", "cp-e"]);
    expect(await Promise.all(early)).toMatchObject([{ ok: true, publicScore: 0.5 }, { ok: true }]);
    await Promise.all(late);
  });

  it("a run has at most one checkpoint waiting: a newer one takes its place, the older resolves as superseded", async () => {
    const { time, pool, checkpoint, queue } = setup(1);
    const running = checkpoint("r", "a", "run-a", "a1");
    const other = checkpoint("r", "b", "run-b", "b1");
    await settle();
    const second = checkpoint("r", "a", "run-a", "a2");
    await time.advance(4000);
    const third = checkpoint("r", "a", "run-a", "a3");
    expect(await second).toEqual({ ok: false, problem: "superseded" });
    expect(queue.stats()).toMatchObject({ waitingCheckpoints: 2, running: 1 });
    const order: string[] = [];
    while (order.length < 3) order.push(await pool.finishNext());
    // a3 kept a2's place in line, behind the other run's checkpoint (a1 was scored first, alone).
    expect(order).toEqual(["a1", "b1", "a3"]);
    expect(await running).toEqual({ ok: true, publicScore: 0.5, fingerprint: null, scoredAt: time.now() });
    await other;
    expect(await third).toMatchObject({ ok: true, publicScore: 0.5 });
  });

  it("a checkpoint whose public predictions are not finite is unscorable; file problems pass through", async () => {
    const { pool, checkpoint } = setup(1);
    const overflow = checkpoint("r", "a", "run-a", "x");
    await settle();
    await pool.finishNext(null);
    expect(await overflow).toEqual({ ok: false, problem: "unscorable" });
    const bad = checkpoint("r", "a", "run-a", "y");
    await settle();
    pool.started.at(-1)!.finish({ ok: false, problem: "invalid_file", message: "not a weight file" });
    expect(await bad).toEqual({ ok: false, problem: "invalid_file", message: "not a weight file" });
  });

  it("is bounded: past the limit a submission is refused at once (scoring_busy) and a checkpoint answers busy, except one replacing a waiting one", async () => {
    const { pool, submit, checkpoint, queue } = setup(1, 3);
    const admitted = [submit("r", "a", "a1"), submit("r", "b", "b1"), submit("r", "c", "c1")];
    await settle();
    const waiting = checkpoint("r", "d", "run-d", "d1");
    await settle();
    // One running, three waiting: full.
    expect(queue.stats()).toEqual({ waiting: 3, waitingSubmissions: 2, waitingCheckpoints: 1, running: 1 });
    const refused = await submit("r", "e", "e1").catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: "scoring_busy", status: 503 });
    expect(await checkpoint("r", "e", "run-e", "e1")).toEqual({ ok: false, problem: "busy" });
    const replacing = checkpoint("r", "d", "run-d", "d2");
    expect(await waiting).toEqual({ ok: false, problem: "superseded" });
    const order: string[] = [];
    while (order.length < 4) order.push(await pool.finishNext());
    expect(order).toEqual(["a1", "b1", "c1", "d2"]);
    await Promise.all([...admitted, replacing]);
  });

  it("close() fails what waits, answers checkpoints closed, and lets running jobs finish", async () => {
    const { pool, submit, checkpoint, queue } = setup(1);
    const running = submit("r", "a", "a1");
    const waiting = submit("r", "b", "b1");
    const waitingCheckpoint = checkpoint("r", "c", "run-c", "c1");
    await settle();
    let closed = false;
    const closing = queue.close().then(() => (closed = true));
    await expect(waiting).rejects.toThrow(/closed/);
    expect(await waitingCheckpoint).toEqual({ ok: false, problem: "closed" });
    await settle();
    expect(closed).toBe(false);
    await pool.finishNext();
    await closing;
    expect(await running).toMatchObject({ ok: true });
    await expect(submit("r", "a", "a2")).rejects.toThrow(/closed/);
    expect(await checkpoint("r", "a", "run-a", "a3")).toEqual({ ok: false, problem: "closed" });
  });
});

describe("submission reservations", () => {
  it("stored plus reserved never passes the limit, even when reservations race; a released slot is free again", async () => {
    const { queue } = setup(1);
    let stored = 0;
    // The count is read asynchronously, as from the database, while other reservations run.
    const count = async () => {
      await settle(1);
      return stored;
    };
    const attempts = await Promise.all(Array.from({ length: 30 }, () => queue.reservations.reserve("r", "u", 3, count)));
    const slots = attempts.filter((s) => s !== null);
    expect(slots).toHaveLength(3);
    expect(queue.reservations.heldFor("r", "u")).toBe(3);
    // One upload is stored, then gives its slot back: the database now counts it, so nothing frees up.
    stored = 1;
    await slots[0]!.release();
    await slots[0]!.release();
    expect(await queue.reservations.reserve("r", "u", 3, count)).toBeNull();
    // One is refused (not stored): its slot is free again.
    await slots[1]!.release();
    const again = await queue.reservations.reserve("r", "u", 3, count);
    expect(again).not.toBeNull();
    expect(await queue.reservations.reserve("r", "other", 3, count)).not.toBeNull();
    expect(queue.reservations.heldFor("r", "u")).toBe(2);
  });

  it("a count read before another upload's store still sees that upload's slot", async () => {
    const { queue } = setup(1);
    let stored = 0;
    let readCount!: () => void;
    const first = (await queue.reservations.reserve("r", "u", 1, async () => stored))!;
    // The second reservation reads the count (0: the first upload is not stored yet) and pauses...
    const second = queue.reservations.reserve("r", "u", 1, () => new Promise<number>((resolve) => (readCount = () => resolve(0))));
    await settle();
    // ...meanwhile the first upload is stored and releases its slot.
    stored = 1;
    const released = first.release();
    readCount();
    expect(await second).toBeNull();
    await released;
    expect(queue.reservations.heldFor("r", "u")).toBe(0);
  });
});
