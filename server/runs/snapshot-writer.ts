/**
 * Buffers runs' epoch snapshots in memory and writes them in batches, so a class streaming 10 epochs/s per
 * student costs one database write per run per second instead of one per epoch. Each run's buffer only ever holds
 * the epochs right after what is stored (`extendCurve`), so a flush is one contiguous chunk, repeats are dropped
 * without touching the database, and a gap is reported to the sender instead of being stored around.
 *
 * What is buffered is lost if the process dies; that is by design: senders keep their epochs until the server
 * reports them durable (`durableThrough`) and re-send the rest after a reconnect, so nothing is lost end to end.
 */
import { extendCurve, type CurvePoint } from "@/lib/runs/curve";
import type { Scheduler, Timer } from "../clock";
import type { Logger } from "../logger";
import type { RunRepository } from "../persistence/repositories";

export interface SnapshotWriterOptions {
  runs: RunRepository;
  logger: Logger;
  scheduler: Scheduler;
  /** How often buffered epochs are written. */
  flushIntervalMs?: number;
  /** A run with this many buffered epochs is written at once, without waiting for the timer. */
  maxBuffered?: number;
}

export interface PushResult {
  /** The run's curve is known (stored or buffered) through this epoch. */
  through: number;
  /** Epochs that were new. */
  accepted: number;
  /** Some epochs came after a gap and were not taken: re-send from this epoch. */
  missingFrom: number | null;
}

interface RunBuffer {
  durable: number;
  /** Epochs being written right now (they follow `durable`). */
  inFlight: CurvePoint[];
  /** Epochs waiting for the next write (they follow `inFlight`). */
  pending: CurvePoint[];
  /** The flush in progress, if any: flushes of one run never overlap. */
  flushing: Promise<void> | null;
}

export class SnapshotWriter {
  private readonly buffers = new Map<string, RunBuffer>();
  private readonly timer: Timer;
  private readonly maxBuffered: number;

  constructor(private readonly options: SnapshotWriterOptions) {
    this.maxBuffered = options.maxBuffered ?? 256;
    this.timer = options.scheduler.every(options.flushIntervalMs ?? 1000, () => void this.flushAll());
  }

  /** Starts buffering for a run whose curve is stored through `durableLastEpoch` (0 for a new run). */
  open(runId: string, durableLastEpoch: number): void {
    if (!this.buffers.has(runId)) this.buffers.set(runId, { durable: durableLastEpoch, inFlight: [], pending: [], flushing: null });
  }

  isOpen(runId: string): boolean {
    return this.buffers.has(runId);
  }

  /** Epoch through which the run's curve is in the database (what a reconnecting sender resumes after). */
  durableThrough(runId: string): number | null {
    return this.buffers.get(runId)?.durable ?? null;
  }

  /** Known (stored or buffered) through this epoch. */
  through(runId: string): number | null {
    const buffer = this.buffers.get(runId);
    return buffer ? known(buffer) : null;
  }

  /** Takes the new epochs of a batch. Throws for a run that was not opened (a caller bug, not bad input). */
  push(runId: string, points: readonly CurvePoint[]): PushResult {
    const buffer = this.buffers.get(runId);
    if (!buffer) throw new Error(`snapshot writer: run ${runId} is not open`);
    const { accepted, missingFrom } = extendCurve(points, known(buffer));
    buffer.pending.push(...accepted);
    if (buffer.pending.length >= this.maxBuffered) void this.flush(runId);
    return { through: known(buffer), accepted: accepted.length, missingFrom };
  }

  /** Writes a run's buffered epochs; resolves when everything buffered before the call is stored. */
  async flush(runId: string): Promise<void> {
    const buffer = this.buffers.get(runId);
    if (!buffer) return;
    while (buffer.flushing) await buffer.flushing;
    if (buffer.pending.length === 0) return;
    buffer.inFlight = buffer.pending;
    buffer.pending = [];
    buffer.flushing = this.write(runId, buffer).finally(() => {
      buffer.flushing = null;
    });
    await buffer.flushing;
  }

  async flushAll(): Promise<void> {
    await Promise.all([...this.buffers.keys()].map((runId) => this.flush(runId)));
  }

  /** Flushes and stops tracking a run (finished, or its owner left for good). */
  async close(runId: string): Promise<void> {
    await this.flush(runId);
    this.buffers.delete(runId);
  }

  /** Flushes everything and stops the timer: call on shutdown. */
  async stop(): Promise<void> {
    this.timer.cancel();
    await this.flushAll();
  }

  private async write(runId: string, buffer: RunBuffer): Promise<void> {
    const batch = buffer.inFlight;
    try {
      const result = await this.options.runs.appendCurve(runId, batch);
      if (result === null) {
        this.options.logger.warn("snapshot writer: run vanished, dropping its buffered epochs", { runId, epochs: batch.length });
        this.buffers.delete(runId);
        return;
      }
      buffer.durable = result.lastEpoch;
      buffer.inFlight = [];
    } catch (error) {
      // Keep the epochs for the next tick: a busy or briefly unreachable database must not lose them.
      buffer.pending = [...batch, ...buffer.pending];
      buffer.inFlight = [];
      this.options.logger.error("snapshot writer: write failed, will retry", { runId, error: String(error) });
    }
  }
}

function known(buffer: RunBuffer): number {
  return buffer.durable + buffer.inFlight.length + buffer.pending.length;
}
