/**
 * Board broadcasts, coalesced per race. When a class uploads at the end of a race, thirty verified submissions
 * land within a second or two; recomputing and sending both boards for each would spend the event loop on
 * boards nobody has time to read. A race's boards go out at once after a quiet spell, then at most every
 * `intervalMs`, always with the latest state (computed from the database, so nothing is lost by skipping).
 * Built once per server (createServer), timed by the context's scheduler, stopped by close().
 */
import type { Clock, Scheduler, Timer } from "../clock";
import type { Logger } from "../logger";
import type { RaceRecord } from "../persistence/records";

/** Short enough to feel live on the projector, long enough to fold a burst of uploads into a few broadcasts. */
export const BOARD_BROADCAST_INTERVAL_MS = 250;

interface RaceState {
  race: RaceRecord;
  /** Set while a broadcast is due or the interval after the last one has not passed yet. */
  timer: Timer | null;
  sending: Promise<void> | null;
  /** Changed since the last broadcast started. */
  dirty: boolean;
}

export class BoardBroadcaster {
  /** A race stays here from its first change until an interval after its last broadcast. */
  private readonly races = new Map<string, RaceState>();
  private closed = false;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly send: (race: RaceRecord) => Promise<void>,
    private readonly intervalMs = BOARD_BROADCAST_INTERVAL_MS,
  ) {}

  /** The race's boards changed: broadcast them soon. */
  changed(race: RaceRecord): void {
    if (this.closed) return;
    const state = this.races.get(race.id);
    if (state) {
      // Within the interval (or mid-send): the broadcast at the interval's end carries this change.
      state.race = race;
      state.dirty = true;
      return;
    }
    const fresh: RaceState = { race, timer: null, sending: null, dirty: true };
    this.races.set(race.id, fresh);
    fresh.timer = this.scheduler.after(0, () => this.flush(fresh));
  }

  /** Cancels pending broadcasts and waits for those being sent. */
  async close(): Promise<void> {
    this.closed = true;
    const sending = [...this.races.values()].map((state) => {
      state.timer?.cancel();
      return state.sending;
    });
    this.races.clear();
    await Promise.all(sending);
  }

  private flush(state: RaceState): void {
    state.timer = null;
    if (this.closed) return;
    if (!state.dirty) {
      // A whole interval passed without a change: forget the race (its next change goes out at once).
      this.races.delete(state.race.id);
      return;
    }
    state.dirty = false;
    const startedAt = this.clock.now();
    state.sending = this.send(state.race)
      .catch((error: unknown) => this.logger.error("board broadcast failed", { raceId: state.race.id, error }))
      .finally(() => {
        state.sending = null;
        if (this.closed) return;
        // The interval counts from the start of this broadcast, so a slow send does not stretch it.
        const wait = Math.max(0, startedAt + this.intervalMs - this.clock.now());
        state.timer = this.scheduler.after(wait, () => this.flush(state));
      });
  }
}
