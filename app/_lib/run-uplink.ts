/**
 * Sends a run's epochs to the race server without ever losing one. Every epoch the worker reports is kept for the
 * whole run; the uplink sends what the server has not acknowledged, in batches (at most one request in flight,
 * at most one batch per `batchMs`: the flood limits never see a well-behaved page). After a reconnect (dropped
 * Wi-Fi, server restart, another server process) it asks the run's durable last epoch and re-sends everything
 * after it; the server skips duplicates, so re-sending is always safe.
 */
import type { ErrorBody } from "@/lib/errors";
import type { EpochSnapshot } from "@/lib/ml/snapshots";
import { MAX_SNAPSHOT_BATCH } from "@/lib/realtime/race";
import { request, type RealtimeSocket } from "./realtime";

export interface RunUplinkOptions {
  /** Least time between two batches. */
  batchMs?: number;
  /** Called with a refusal the uplink cannot fix by re-sending (the race ended, the run was stopped). */
  onRefused?: (error: ErrorBody) => void;
}

export class RunUplink {
  /** Every epoch of the run, in order (epoch i + 1 at index i). */
  private readonly epochs: EpochSnapshot[] = [];
  /** The server has acknowledged epochs 1..acked. */
  private acked = 0;
  /** A request (a batch, or a resync) is in flight: at most one at a time, so answers never cross. */
  private sending = false;
  private resyncWanted = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastSentAt = 0;
  private closed = false;
  private idle: (() => void)[] = [];
  private readonly batchMs: number;
  private readonly onConnect = () => void this.resync();

  constructor(
    private readonly socket: RealtimeSocket,
    readonly runId: string,
    private readonly options: RunUplinkOptions = {},
  ) {
    this.batchMs = options.batchMs ?? 100;
    socket.on("connect", this.onConnect);
  }

  /** Epochs the server has not acknowledged yet. */
  get pending(): number {
    return this.epochs.length - this.acked;
  }

  get acknowledged(): number {
    return this.acked;
  }

  push(snapshot: EpochSnapshot): void {
    if (snapshot.epoch !== this.epochs.length + 1) return; // the worker reports each epoch once, in order
    this.epochs.push(snapshot);
    this.schedule();
  }

  /** Resolves when everything pushed so far is acknowledged (or the uplink stopped). */
  drained(): Promise<void> {
    if (this.closed || (this.pending === 0 && !this.sending && !this.resyncWanted)) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  /** Stops sending (the run is over and drained, or the page leaves). */
  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.socket.off("connect", this.onConnect);
    for (const resolve of this.idle.splice(0)) resolve();
  }

  /** After a reconnect: start again from what the server stored durably (after the request in flight, if any). */
  async resync(): Promise<void> {
    if (this.closed) return;
    if (this.sending) {
      this.resyncWanted = true;
      return;
    }
    this.sending = true;
    this.resyncWanted = false;
    const result = await request(this.socket, "run:resume", { runId: this.runId });
    this.sending = false;
    if (this.closed) return;
    if (!result.ok) {
      if (result.error.code !== "internal" && result.error.code !== "rate_limited") {
        this.refuse(result.error);
        return;
      }
      // Not answered (disconnected again: the next connect resyncs) or throttled: try again shortly.
      if (this.socket.connected) this.resyncWanted = true;
      this.schedule();
      return;
    }
    this.acked = Math.min(result.data.lastEpoch, this.epochs.length);
    if (result.data.status !== "running") {
      this.refuse({ code: "forbidden", reason: "run_not_running", message: "the run is no longer running" });
      return;
    }
    this.settle();
  }

  private refuse(error: ErrorBody): void {
    this.options.onRefused?.(error);
    this.close();
  }

  /** Wakes whoever waits for the uplink to drain, or sends what is left. */
  private settle(): void {
    if (this.pending === 0 && !this.resyncWanted) for (const resolve of this.idle.splice(0)) resolve();
    this.schedule();
  }

  private schedule(): void {
    if (this.closed || this.sending || this.timer || (this.pending === 0 && !this.resyncWanted)) return;
    const wait = Math.max(0, this.lastSentAt + this.batchMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.send();
    }, wait);
  }

  private async send(): Promise<void> {
    // While disconnected nothing is sent (socket.io would buffer it); the reconnect's resync takes over.
    if (this.closed || this.sending || !this.socket.connected) return;
    if (this.resyncWanted) {
      await this.resync();
      return;
    }
    if (this.pending === 0) return;
    this.sending = true;
    this.lastSentAt = Date.now();
    const batch = this.epochs.slice(this.acked, this.acked + MAX_SNAPSHOT_BATCH);
    const result = await request(this.socket, "run:snapshot", { runId: this.runId, snapshots: batch });
    this.sending = false;
    if (this.closed) return;
    if (this.resyncWanted) {
      // A reconnect happened meanwhile: what this answer says may be stale.
      await this.resync();
      return;
    }
    if (result.ok) {
      this.acked = Math.max(this.acked, Math.min(result.data.lastEpoch, this.epochs.length));
    } else if (result.error.reason === "epoch_gap") {
      await this.resync();
      return;
    } else if (result.error.code !== "rate_limited" && result.error.code !== "internal") {
      this.refuse(result.error);
      return;
    }
    this.settle();
  }
}
