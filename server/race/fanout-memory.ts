/**
 * The race fan-out in memory: several "processes" (race services) in one Node process, joined by a hub. Watchers
 * are callbacks. Messages between processes wait in the hub until delivered: at once (`immediate`), or when the
 * test says so (`manual`: it may deliver them late, twice, out of order, or drop them), so tests and fuzzers
 * control the interleaving exactly, as tldraw's sync-core tests do with their in-memory sockets.
 */
import type { PeerMessage, RaceView } from "@/lib/realtime/race";
import type { RaceTick } from "@/lib/race/views";
import type { RaceFanout, RaceRoomEvents } from "./fanout";

export type WatchedEvent =
  | { event: "race:tick"; payload: RaceTick }
  | { event: "race:updated"; payload: { race: RaceView } }
  | { [E in keyof RaceRoomEvents]: { event: E; payload: RaceRoomEvents[E] } }[keyof RaceRoomEvents];

export type Watcher = (message: WatchedEvent) => void;

export interface InFlight {
  from: MemoryFanout;
  to: MemoryFanout;
  message: PeerMessage;
}

export class MemoryFanoutHub {
  readonly nodes: MemoryFanout[] = [];
  /** Messages between processes not yet delivered, oldest first (manual mode). */
  readonly inFlight: InFlight[] = [];

  constructor(readonly mode: "immediate" | "manual" = "immediate") {}

  /** A new process on the hub. Every node has peers once there are two (set before any traffic). */
  node(): MemoryFanout {
    const node = new MemoryFanout(this);
    this.nodes.push(node);
    return node;
  }

  /** Delivers the in-flight message at `index`; with `keep`, it stays in flight (a duplicate arrives later). */
  deliver(index = 0, keep = false): void {
    const entry = this.inFlight[index];
    if (!entry) throw new RangeError(`no message in flight at ${index}`);
    if (!keep) this.inFlight.splice(index, 1);
    entry.to.receive(entry.message);
  }

  drop(index = 0): InFlight {
    const [entry] = this.inFlight.splice(index, 1);
    if (!entry) throw new RangeError(`no message in flight at ${index}`);
    return entry;
  }

  deliverAll(): void {
    while (this.inFlight.length > 0) this.deliver(0);
  }

  /** @internal */
  send(from: MemoryFanout, message: PeerMessage): void {
    for (const to of this.nodes) {
      if (to === from) continue;
      // Each receiver gets its own copy, as over a real wire.
      const copy = structuredClone(message);
      if (this.mode === "manual") this.inFlight.push({ from, to, message: copy });
      else queueMicrotask(() => to.receive(copy));
    }
  }

  /** @internal */
  broadcast(raceIds: readonly string[], message: WatchedEvent, only?: MemoryFanout): void {
    for (const node of only ? [only] : this.nodes) node.notify(raceIds, message);
  }
}

export class MemoryFanout implements RaceFanout {
  private readonly watchers = new Map<string, Set<Watcher>>();
  private readonly listeners = new Set<(message: PeerMessage) => void>();

  constructor(private readonly hub: MemoryFanoutHub) {}

  get hasPeers(): boolean {
    return this.hub.nodes.length > 1;
  }

  /** Watches a race room (or a classroom, as `classroom:<id>`) on this process, like a socket in that room. */
  watch(room: string, watcher: Watcher): () => void {
    let set = this.watchers.get(room);
    if (!set) this.watchers.set(room, (set = new Set()));
    set.add(watcher);
    return () => void set.delete(watcher);
  }

  tickLocal(raceId: string, tick: RaceTick): void {
    this.hub.broadcast([raceId], { event: "race:tick", payload: structuredClone(tick) }, this);
  }

  toRace<E extends keyof RaceRoomEvents>(raceId: string, event: E, payload: RaceRoomEvents[E]): void {
    this.hub.broadcast([raceId], { event, payload: structuredClone(payload) } as WatchedEvent);
  }

  raceUpdated(race: RaceView): void {
    this.hub.broadcast([race.id, `classroom:${race.classroomId}`], { event: "race:updated", payload: { race: structuredClone(race) } });
  }

  toPeers(message: PeerMessage): void {
    this.hub.send(this, message);
  }

  onPeer(listener: (message: PeerMessage) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** @internal */
  receive(message: PeerMessage): void {
    for (const listener of this.listeners) listener(message);
  }

  /** @internal */
  notify(rooms: readonly string[], message: WatchedEvent): void {
    const seen = new Set<Watcher>();
    for (const room of rooms) {
      for (const watcher of this.watchers.get(room) ?? []) {
        if (seen.has(watcher)) continue;
        seen.add(watcher);
        watcher(message);
      }
    }
  }
}
