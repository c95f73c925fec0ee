/**
 * The tick: about five times a second, every race's coalesced changes go out, never one message per epoch per
 * viewer. Ticks are aligned to the clock (the next multiple of `tickMs`), so every process ticks at the same
 * instants. Each process tells its peers its own runs' changes, and sends its own sockets one tick with every
 * change since the previous one — its runs' and its peers' — a little after the shared instant (`peerSlackMs`),
 * so a peer's changes usually make the same tick. (Several volatile ticks back to back would be dropped by a busy
 * socket, so each socket gets one per period whatever the number of processes.)
 */
import type { RunDelta } from "@/lib/race/views";
import type { Timer } from "../clock";
import type { AppContext } from "../context";
import type { RaceFanout } from "./fanout";
import type { LoadedRace, RaceRegistry } from "./registry";

export interface TickerOptions {
  tickMs: number;
  peerSlackMs: number;
}

/** Folds run changes into those still waiting to be sent (points appended, latest numbers kept), one per run. */
export function coalesce(waiting: Map<string, RunDelta>, deltas: readonly RunDelta[]): void {
  for (const delta of deltas) {
    const before = waiting.get(delta.runId);
    waiting.set(delta.runId, before ? { ...delta, points: [...before.points, ...delta.points], rollout: delta.rollout ?? before.rollout } : delta);
  }
}

export class RaceTicker {
  private timer: Timer | null = null;
  private emitTimer: Timer | null = null;
  private stopped = false;
  private ticking = false;

  constructor(
    private readonly ctx: AppContext,
    private readonly registry: RaceRegistry,
    private readonly fanout: RaceFanout,
    private readonly options: TickerOptions,
    /** The work of one tick for one race before its changes are collected (due transitions). */
    private readonly beforeCollect: (race: LoadedRace, now: number) => Promise<void>,
    /** After every race was collected (epoch writes). */
    private readonly afterTick: () => void,
  ) {}

  start(): void {
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
    this.emitTimer?.cancel();
    this.timer = this.emitTimer = null;
  }

  /** One tick: each race's due work, then its coalesced changes (nothing is sent for a quiet race). */
  async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      const now = this.ctx.clock.now();
      for (const race of [...this.registry.all()]) {
        await this.beforeCollect(race, now);
        const own = race.room.takeTick(now);
        if (own) {
          this.fanout.toPeers({ type: "tick", tick: own });
          coalesce(race.forward, own.runs);
        }
        if (this.registry.expired(race, now)) this.registry.forget(race);
      }
      if (this.fanout.hasPeers) {
        this.emitTimer?.cancel();
        this.emitTimer = this.ctx.scheduler.after(this.options.peerSlackMs, () => this.emitLocal());
      } else {
        this.emitLocal();
      }
      this.afterTick();
    } finally {
      this.ticking = false;
    }
  }

  /** The next tick at the next multiple of tickMs on the clock: every process ticks at the same instants. */
  private schedule(): void {
    if (this.stopped) return;
    const period = this.options.tickMs;
    const now = this.ctx.clock.now();
    this.timer = this.ctx.scheduler.after(Math.ceil((now + 1) / period) * period - now, () => {
      void this.tick().catch((error: unknown) => this.ctx.logger.error("race tick failed", { error }));
      this.schedule();
    });
  }

  /** Each race's waiting changes, as one tick to this process's own watchers. */
  private emitLocal(): void {
    this.emitTimer = null;
    const at = this.ctx.clock.now();
    for (const race of this.registry.all()) {
      if (race.forward.size === 0) continue;
      const runs = [...race.forward.values()];
      race.forward.clear();
      this.fanout.tickLocal(race.id, { raceId: race.id, at, runs });
    }
  }
}
