/**
 * Real weight files for scoring tests: tiny models trained by the engine itself (no hand-made numbers), and race
 * rules to score them against.
 */
import { withOverrides, type TrainingConfig, type TrainingConfigOverrides } from "@/lib/ml/config";
import { OPS_IMPLEMENTATION } from "@/lib/ml/implementations";
import { initialParamValues } from "@/lib/ml/model";
import { encodeWeights } from "@/lib/ml/weights-format";
import { Trainer } from "@/lib/ml/trainer";
import { RaceRulesSchema, type PresetRaceRules, type RaceRules } from "@/lib/race/rules";
import type { ScoringPool } from "@/server/scoring/pool";
import type { JobResult, ScoringJob } from "@/server/scoring/protocol";

export const TEST_RULES = RaceRulesSchema.parse({
  dataset: { preset: "noisy-cosine", length: 80, noise: 0.1, seed: 5 },
  window: 10,
  validationFraction: 0.2,
  budget: { maxEpochs: 50, timeLimitSec: null },
  allowedCells: ["RNN", "LSTM", "GRU"],
  maxLayers: 2,
  maxHidden: 16,
  metric: "one-step",
  submissions: { limit: 3, counts: "best" },
  hiddenLength: 30,
  maxRunsPerStudent: 20,
  checkpointEverySec: 10,
} satisfies RaceRules) as PresetRaceRules;

/** A config that plays by `rules`, with some settings changed. */
export function raceConfig(rules: RaceRules, overrides: TrainingConfigOverrides = {}): TrainingConfig {
  return withOverrides({
    dataset: rules.dataset,
    window: rules.window,
    validationFraction: rules.validationFraction,
    epochs: Math.min(rules.budget.maxEpochs, 20),
    ...overrides,
    model: { cell: "GRU", hidden: 6, ...overrides.model },
    optimizer: { kind: "adam", learningRate: 0.02, ...overrides.optimizer },
  });
}

export interface TrainedWeights {
  weights: Uint8Array;
  config: TrainingConfig;
  /** The trainer's own final validation loss (what an honest client reports). */
  finalValLoss: number | null;
}

/**
 * Trains `config` with the engine (ops layer, current tfjs backend) and exports the weight file. `stored`: an
 * uploaded dataset's values, as the page passes them to its worker.
 */
export async function trainWeights(config: TrainingConfig, stored?: readonly number[]): Promise<TrainedWeights> {
  let finalValLoss: number | null = null;
  const trainer = new Trainer({
    config,
    stored,
    layer: OPS_IMPLEMENTATION.layer,
    now: () => 0,
    yieldControl: async () => {},
    onSnapshot: (s) => (finalValLoss = s.valLoss),
  });
  try {
    await trainer.run();
    return { weights: trainer.exportWeights(), config, finalValLoss };
  } finally {
    trainer.dispose();
  }
}

/** An untrained model's weight file (PyTorch's initialisation from `seed`): a poor but legal entry. */
export function untrainedWeights(config: TrainingConfig, seed = 1): Uint8Array {
  return encodeWeights(config, initialParamValues(config.model, seed));
}


type UploadingClient = { baseUrl: string; cookieHeader(): string; ensureCsrf(): Promise<string> };
type UploadAnswer = { status: number; text: string; body: { ok: boolean; data?: never; error?: { code: string; message: string; reason?: string } } };

/** POSTs a weight file as the page does: binary body, session cookie and CSRF header. */
export async function uploadWeights(
  client: UploadingClient,
  raceId: string,
  runId: string,
  body: Uint8Array,
  options: { claimedMse?: number; headers?: Record<string, string> } = {},
): Promise<UploadAnswer> {
  const query = options.claimedMse === undefined ? "" : `?claimedMse=${options.claimedMse}`;
  return postWeights(client, `/api/races/${raceId}/runs/${runId}/submissions${query}`, body, options.headers);
}

/** POSTs a run's current weights as a checkpoint, as the race page does while the run trains. */
export function uploadCheckpoint(client: UploadingClient, raceId: string, runId: string, epoch: number, body: Uint8Array): Promise<UploadAnswer> {
  return postWeights(client, `/api/races/${raceId}/runs/${runId}/checkpoints?epoch=${epoch}`, body);
}

async function postWeights(client: UploadingClient, path: string, body: Uint8Array, headers: Record<string, string> = {}): Promise<UploadAnswer> {
  const token = await client.ensureCsrf();
  const response = await fetch(`${client.baseUrl}${path}`, {
    method: "POST",
    headers: { cookie: client.cookieHeader(), "x-csrf-token": token, "content-type": "application/octet-stream", ...headers },
    body: body as unknown as BodyInit,
  });
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text) };
}

/**
 * The real pool behind a gate the test opens: jobs reach the workers only once it is open, and every job the
 * scoring queue hands over is recorded in order (what was scored, and when the queue chose to).
 */
export class GatedPool implements ScoringPool {
  readonly jobs: ScoringJob[] = [];
  private readonly held: (() => void)[] = [];
  private opened = false;

  constructor(private readonly pool: ScoringPool) {}

  get size(): number {
    return this.pool.size;
  }

  async score<J extends ScoringJob>(job: J): Promise<JobResult<J>> {
    this.jobs.push(job);
    if (!this.opened) await new Promise<void>((resolve) => this.held.push(resolve));
    return this.pool.score(job);
  }

  open(): void {
    this.opened = true;
    for (const release of this.held.splice(0)) release();
  }

  /** The real pool belongs to the test file, which closes it. */
  async close(): Promise<void> {}
}

