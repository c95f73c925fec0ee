/**
 * Waiting jobs in fair order: races take turns, and within a race its students take turns. The next job comes
 * from the race served longest ago, then from that race's student served longest ago (one never served first,
 * in order of arrival). So a student with thirty uploads waiting, or a race with a heavy class, gets one turn
 * while every other waiting student or race gets one too: a bystander waits behind at most about one job of
 * each other student, not behind the whole flood.
 */
export interface Lane<T> {
  raceId: string;
  userId: string;
  item: T;
}

interface UserLane<T> {
  /** Sequence number of the last turn this student got (−1: never served). */
  served: number;
  /** Jobs taken from this lane and not done yet: the lane (and its turn) is kept while they run. */
  running: number;
  entries: { seq: number; item: T }[];
}

interface RaceLane<T> {
  served: number;
  running: number;
  users: Map<string, UserLane<T>>;
}

export class FairLanes<T> {
  private readonly races = new Map<string, RaceLane<T>>();
  private seq = 0;
  private count = 0;

  get size(): number {
    return this.count;
  }

  push(raceId: string, userId: string, item: T): void {
    const seq = ++this.seq;
    let race = this.races.get(raceId);
    if (!race) this.races.set(raceId, (race = { served: -1, running: 0, users: new Map() }));
    let user = race.users.get(userId);
    if (!user) race.users.set(userId, (user = { served: -1, running: 0, entries: [] }));
    user.entries.push({ seq, item });
    this.count++;
  }

  /** The next job in fair order, removed from its lane; call `done` with its lane once it has run. */
  shift(): Lane<T> | undefined {
    const race = pick(this.races, (r) => Math.min(...[...r.users.values()].map(arrival)));
    if (!race) return undefined;
    const user = pick(race.value.users, arrival);
    if (!user) return undefined;
    const turn = ++this.seq;
    race.value.served = user.value.served = turn;
    race.value.running++;
    user.value.running++;
    const entry = user.value.entries.shift()!;
    this.count--;
    return { raceId: race.key, userId: user.key, item: entry.item };
  }

  /** A job taken by `shift` has run. */
  done(lane: { raceId: string; userId: string }): void {
    const race = this.races.get(lane.raceId);
    const user = race?.users.get(lane.userId);
    if (!race || !user) return;
    race.running--;
    user.running--;
    // A student or race with nothing waiting or running is forgotten; back later, it waits its turn like anyone new.
    if (user.running === 0 && user.entries.length === 0) race.users.delete(lane.userId);
    if (race.running === 0 && race.users.size === 0) this.races.delete(lane.raceId);
  }

  /** Every waiting job, removed (on close). */
  drain(): T[] {
    const items = [...this.races.values()].flatMap((race) => [...race.users.values()].flatMap((user) => user.entries.splice(0).map((e) => e.item)));
    this.count = 0;
    return items;
  }
}

const arrival = (user: UserLane<unknown>): number => user.entries[0]?.seq ?? Infinity;

/** The lane served longest ago with a job waiting; among equals, the one whose oldest job arrived first. */
function pick<L extends { served: number }>(lanes: Map<string, L>, arrived: (lane: L) => number): { key: string; value: L } | undefined {
  let best: { key: string; value: L; arrived: number } | undefined;
  for (const [key, value] of lanes) {
    const at = arrived(value);
    if (at === Infinity) continue;
    if (!best || value.served < best.value.served || (value.served === best.value.served && at < best.arrived)) best = { key, value, arrived: at };
  }
  return best;
}
