/**
 * The race core's only view of the transport (the tldraw sync-core idea: the room never sees a socket). It sends
 * to the people watching a race and to the other server processes, and hears from those processes. Two
 * implementations: Socket.IO (fanout-socketio.ts, what the server runs) and in memory (fanout-memory.ts, where
 * tests decide when, how often and in which order messages between processes arrive).
 */
import type { PeerMessage, RaceView } from "@/lib/realtime/race";
import type { RaceTick, RunLive, RunView } from "@/lib/race/views";

/** What a race room's watchers receive besides ticks (reliable: each one matters). */
export interface RaceRoomEvents {
  "race:run-started": { raceId: string; run: RunView };
  "race:run-updated": { raceId: string; run: RunLive };
}

export interface RaceFanout {
  /** Whether other server processes share the races (they need to hear about this process's runs). */
  readonly hasPeers: boolean;
  /** This process's watchers of the race: the coalesced tick. Volatile: a busy client may miss one. */
  tickLocal(raceId: string, tick: RaceTick): void;
  /** Every watcher of the race, on every process. */
  toRace<E extends keyof RaceRoomEvents>(raceId: string, event: E, payload: RaceRoomEvents[E]): void;
  /** The race was created or its status changed: its classroom's room and its own, on every process. */
  raceUpdated(race: RaceView): void;
  /** The other processes (nothing happens without peers). */
  toPeers(message: PeerMessage): void;
  /** Messages from the other processes. Returns a function that stops listening. */
  onPeer(listener: (message: PeerMessage) => void): () => void;
}
