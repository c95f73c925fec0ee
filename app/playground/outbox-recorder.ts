/**
 * Writes a Playground run into the outbox (lib/runs/outbox) as it trains: epochs are collected for a moment and
 * appended in one write (an epoch can take a few milliseconds; a write each would be wasteful), rollout pictures
 * and the end follow. Nothing here talks to the server: the outbox sender does, retrying until all is stored.
 */
import { toBase64 } from "@/lib/base64";
import type { RolloutSnapshot, EpochSnapshot } from "@/lib/ml/snapshots";
import { appendPoints, newEntry, type OutboxEntry, type OutboxFinish } from "@/lib/runs/outbox";
import type { CurvePoint } from "@/lib/runs/curve";

/** How long epochs gather before they are written (what a crashed tab can lose at most). */
export const OUTBOX_WRITE_MS = 250;

export interface OutboxWriter {
  write(localId: string, change: (entry: OutboxEntry | undefined) => OutboxEntry | null): Promise<void>;
}

export class OutboxRecorder {
  private queue: Promise<void>;
  private points: CurvePoint[] = [];
  private rollouts: RolloutSnapshot[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly t0: number;

  /** `ready`: the run's training lock is held (so no tab takes the new entry for a dead run's). */
  constructor(
    private readonly writer: OutboxWriter,
    readonly localId: string,
    entry: { userId: string; config: unknown; classroomId: string | null },
    private readonly now: () => number,
    ready: Promise<void> = Promise.resolve(),
  ) {
    this.t0 = now();
    this.queue = ready.then(() => writer.write(localId, (e) => e ?? newEntry(localId, entry.userId, entry.config, entry.classroomId)));
  }

  addSnapshots(snapshots: readonly EpochSnapshot[]): void {
    const tMs = Math.max(0, Math.round(this.now() - this.t0));
    for (const s of snapshots) this.points.push({ ...s, tMs });
    this.timer ??= setTimeout(() => void this.flush(), OUTBOX_WRITE_MS);
  }

  addRollouts(rollouts: readonly RolloutSnapshot[]): void {
    this.rollouts.push(...rollouts);
    this.timer ??= setTimeout(() => void this.flush(), OUTBOX_WRITE_MS);
  }

  /** Writes what was collected; resolves once it (and every earlier write) is stored. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const points = this.points.splice(0);
    const rollouts = this.rollouts.splice(0);
    if (points.length > 0 || rollouts.length > 0) {
      this.enqueue((e) => ({ ...appendPoints(e, points), rollouts: [...e.rollouts, ...rollouts] }));
    }
    return this.queue;
  }

  /** Training ended: the rest, the final numbers and the weights go to the outbox. */
  finish(finish: OutboxFinish, weights: ArrayBuffer | null): Promise<void> {
    void this.flush();
    const data = weights ? toBase64(new Uint8Array(weights)) : null;
    this.enqueue((e) => ({ ...e, finish, weights: data }));
    return this.queue;
  }

  private enqueue(change: (entry: OutboxEntry) => OutboxEntry): void {
    // An entry already gone was refused for good by the server (the sender said why): nothing to add to it.
    this.queue = this.queue.then(() => this.writer.write(this.localId, (e) => (e ? change(e) : null)));
  }
}
