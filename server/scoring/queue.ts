/**
 * The one scoring queue in front of the worker pool, for final submissions and live checkpoints alike. It hands
 * the pool at most one job per worker, in fair order (server/scoring/fair-lanes.ts: races take turns, students
 * within a race take turns), final submissions before any checkpoint. A run has at most one checkpoint waiting:
 * a newer one takes the older one's place, and the older one resolves as superseded. The queue is bounded: past
 * `maxQueued` waiting jobs a new one is refused at once. It also holds the submission reservations
 * (server/scoring/reservations.ts), so a student's uploads past the limit are refused before they are scored.
 */
import type { TrainingConfig } from "@/lib/ml/config";
import type { RaceRules } from "@/lib/race/rules";
import type { FileProblem, Verification } from "@/lib/scoring/verify";
import type { Clock } from "../clock";
import { AppError } from "../errors";
import type { Logger } from "../logger";
import { FairLanes } from "./fair-lanes";
import type { ScoringPool } from "./pool";
import type { CheckpointJob, JobResult, ScoringJob, SubmissionJob } from "./protocol";
import { Reservations } from "./reservations";

/** Waiting jobs, all races together: a whole school's uploads and every running run's checkpoint fit. */
export const SCORING_QUEUE_LIMIT = 1000;

export interface SubmissionRequest {
  raceId: string;
  userId: string;
  hiddenSeed: number;
  rules: RaceRules;
  runConfig: TrainingConfig;
  weights: Uint8Array;
}

export interface CheckpointRequest {
  raceId: string;
  runId: string;
  userId: string;
  rules: RaceRules;
  runConfig: TrainingConfig;
  weights: Uint8Array;
}

/**
 * A checkpoint's verdict. `publicScore` is computed on the visible validation windows only. Problems:
 * a file problem (with lib/scoring's description), `unscorable` (its predictions there are not finite),
 * `superseded` (a newer checkpoint of the run took its place before it was scored), `busy` (the queue is full),
 * `closed` (the server is shutting down).
 */
export type CheckpointOutcome =
  | { ok: true; publicScore: number; /** sha256 of the parameters (lib/scoring/verify's fingerprint). */ fingerprint: string | null; scoredAt: number }
  | { ok: false; problem: FileProblem; message: string }
  | { ok: false; problem: "unscorable" | "superseded" | "busy" | "closed" };

export interface QueueStats {
  waiting: number;
  waitingSubmissions: number;
  waitingCheckpoints: number;
  running: number;
}

interface Waiting {
  job: ScoringJob;
  queuedAt: number;
  /** Checkpoints only: the run whose latest checkpoint this is. */
  runId?: string;
  settle(result: JobResult<ScoringJob> | "superseded" | Error): void;
}

export interface ScoringQueueOptions {
  maxQueued?: number;
}

export class ScoringQueue {
  readonly reservations = new Reservations();
  private readonly submissions = new FairLanes<Waiting>();
  private readonly checkpoints = new FairLanes<Waiting>();
  /** The waiting checkpoint of each run. */
  private readonly checkpointOf = new Map<string, Waiting>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly maxQueued: number;
  private closed = false;

  constructor(
    private readonly pool: ScoringPool | undefined,
    private readonly clock: Clock,
    private readonly logger: Logger,
    options: ScoringQueueOptions = {},
  ) {
    this.maxQueued = options.maxQueued ?? SCORING_QUEUE_LIMIT;
  }

  stats(): QueueStats {
    return {
      waiting: this.submissions.size + this.checkpoints.size,
      waitingSubmissions: this.submissions.size,
      waitingCheckpoints: this.checkpoints.size,
      running: this.inFlight.size,
    };
  }

  /** Scores a final submission (public, private, rollout). Throws `scoring_busy` at once when the queue is full. */
  async scoreSubmission(request: SubmissionRequest): Promise<Verification> {
    this.requirePool();
    if (this.closed) throw new Error("the scoring queue is closed");
    if (this.full()) throw new AppError("scoring_busy");
    const { userId, ...rest } = request;
    const job: SubmissionJob = { kind: "submission", ...rest };
    return new Promise<Verification>((resolve, reject) => {
      this.submissions.push(request.raceId, userId, {
        job,
        queuedAt: this.clock.now(),
        settle: (result) => (result instanceof Error ? reject(result) : result === "superseded" ? reject(new Error("superseded")) : resolve(result as Verification)),
      });
      this.pump();
    });
  }

  /** Scores a running run's weights on the public data only, never the hidden continuation. */
  async scoreCheckpoint(request: CheckpointRequest): Promise<CheckpointOutcome> {
    this.requirePool();
    if (this.closed) return { ok: false, problem: "closed" };
    const job: CheckpointJob = { kind: "checkpoint", raceId: request.raceId, rules: request.rules, runConfig: request.runConfig, weights: request.weights };
    const previous = this.checkpointOf.get(request.runId);
    if (!previous && this.full()) return { ok: false, problem: "busy" };
    const result = await new Promise<JobResult<CheckpointJob> | "superseded" | Error>((settle) => {
      const waiting: Waiting = { job, queuedAt: this.clock.now(), runId: request.runId, settle: settle as Waiting["settle"] };
      if (previous) {
        // The newer checkpoint takes the older one's place in line: the run keeps its turn, not a second one.
        previous.settle("superseded");
        previous.job = job;
        previous.queuedAt = waiting.queuedAt;
        previous.settle = waiting.settle;
        return;
      }
      this.checkpointOf.set(request.runId, waiting);
      this.checkpoints.push(request.raceId, request.userId, waiting);
      this.pump();
    });
    if (result === "superseded") return { ok: false, problem: "superseded" };
    if (result instanceof Error) return this.closed ? { ok: false, problem: "closed" } : Promise.reject(result);
    if (!result.ok) return result;
    if (result.publicScore === null) return { ok: false, problem: "unscorable" };
    return { ok: true, publicScore: result.publicScore, fingerprint: result.fingerprint, scoredAt: this.clock.now() };
  }

  /** Refuses new work, fails what waits, and lets the jobs already in the workers finish. */
  async close(): Promise<void> {
    this.closed = true;
    const error = new Error("the scoring queue is closed");
    for (const waiting of [...this.submissions.drain(), ...this.checkpoints.drain()]) waiting.settle(error);
    this.checkpointOf.clear();
    await Promise.allSettled([...this.inFlight]);
  }

  private full(): boolean {
    return this.submissions.size + this.checkpoints.size >= this.maxQueued;
  }

  private requirePool(): void {
    if (!this.pool) throw new Error("this server has no scoring pool: pass services.scoring to createServer");
  }

  private pump(): void {
    const pool = this.pool;
    if (!pool) return;
    while (!this.closed && this.inFlight.size < pool.size) {
      const lanes = this.submissions.size > 0 ? this.submissions : this.checkpoints;
      const next = lanes.shift();
      if (!next) return;
      const waiting = next.item;
      if (waiting.runId !== undefined) this.checkpointOf.delete(waiting.runId);
      const started = this.clock.now();
      const running: Promise<unknown> = pool.score(waiting.job).then(
        (result) => waiting.settle(result),
        (error: unknown) => waiting.settle(error instanceof Error ? error : new Error(String(error))),
      );
      const tracked = running.finally(() => {
        this.inFlight.delete(tracked);
        lanes.done(next);
        this.logger.debug("scoring job done", { kind: waiting.job.kind, raceId: next.raceId, waitedMs: started - waiting.queuedAt, tookMs: this.clock.now() - started });
        this.pump();
      });
      this.inFlight.add(tracked);
    }
  }
}

declare module "@/server/context" {
  interface AppServices {
    /** Built by createServer around `scoring` (the pool); every scoring goes through it. */
    scoringQueue: ScoringQueue;
  }
}
