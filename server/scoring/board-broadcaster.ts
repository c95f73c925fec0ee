/**
 * Board broadcasts, coalesced per race. When a class uploads at the end of a race, thirty verified submissions
 * land within a second or two; recomputing and sending both boards for each would spend the event loop on
 * boards nobody has time to read. A race's boards go out at once after the first change, then at most every
 * `intervalMs`, always with the latest state (computed from the database, so nothing is lost by skipping).
 */
import type { AppContext } from "../context";
import type { RaceRecord } from "../persistence/records";

/** Short enough to feel live on the projector, long enough to fold a burst of uploads into a few broadcasts. */
export const BOARD_BROADCAST_INTERVAL_MS = 250;

interface RaceState {
  race: RaceRecord;
  timer: NodeJS.Timeout | null;
  running: boolean;
  dirty: boolean;
  lastAt: number;
}

export class BoardBroadcaster {
  private readonly races = new Map<string, RaceState>();

  constructor(
    private readonly ctx: AppContext,
    private readonly send: (ctx: AppContext, race: RaceRecord) => Promise<void>,
    private readonly intervalMs = BOARD_BROADCAST_INTERVAL_MS,
  ) {}

  /** The race's boards changed: broadcast them soon. */
  changed(race: RaceRecord): void {
    let state = this.races.get(race.id);
    if (!state) {
      state = { race, timer: null, running: false, dirty: false, lastAt: -Infinity };
      this.races.set(race.id, state);
    }
    state.race = race;
    if (state.timer || state.running) {
      state.dirty = true;
      return;
    }
    const wait = Math.max(0, state.lastAt + this.intervalMs - this.ctx.clock.now());
    state.timer = setTimeout(() => void this.flush(state), wait);
    state.timer.unref();
  }

  private async flush(state: RaceState): Promise<void> {
    state.timer = null;
    state.running = true;
    state.dirty = false;
    try {
      await this.send(this.ctx, state.race);
    } catch (error) {
      this.ctx.logger.error("board broadcast failed", { raceId: state.race.id, error });
    } finally {
      state.running = false;
      state.lastAt = this.ctx.clock.now();
    }
    if (state.dirty) this.changed(state.race);
    else this.races.delete(state.race.id);
  }
}

const broadcasters = new WeakMap<AppContext, BoardBroadcaster>();

/** One broadcaster per server context (created on first use). */
export function boardBroadcaster(ctx: AppContext, send: (ctx: AppContext, race: RaceRecord) => Promise<void>): BoardBroadcaster {
  let broadcaster = broadcasters.get(ctx);
  if (!broadcaster) {
    broadcaster = new BoardBroadcaster(ctx, send);
    broadcasters.set(ctx, broadcaster);
  }
  return broadcaster;
}
