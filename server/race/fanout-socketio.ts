/**
 * The race fan-out on Socket.IO. A race's watchers are the sockets in its room (`race:<id>`, joined by
 * `race:state` after the membership check); with the Redis adapter, `io.to(room)` reaches every process's
 * sockets and `serverSideEmit` reaches the other processes. Without Redis there are no peers.
 */
import type { PeerMessage } from "@/lib/realtime/race";
import { roomNames, type AppServer } from "../realtime/channel";
import type { RaceFanout, RaceRoomEvents } from "./fanout";

export function socketIoFanout(io: AppServer, options: { peers: boolean }): RaceFanout {
  // Socket.IO's emit typing cannot follow a generic event name; RaceFanout's signatures keep it checked.
  type Emit = (event: string, payload: unknown) => boolean;
  const room = roomNames.race;
  return {
    hasPeers: options.peers,
    tickLocal(raceId, tick) {
      io.local.to(room(raceId)).volatile.emit("race:tick", tick);
    },
    toRace<E extends keyof RaceRoomEvents>(raceId: string, event: E, payload: RaceRoomEvents[E]) {
      (io.to(room(raceId)).emit as Emit)(event, payload);
    },
    raceUpdated(race) {
      io.to([roomNames.classroom(race.classroomId), room(race.id)]).emit("race:updated", { race });
    },
    toPeers(message: PeerMessage) {
      if (options.peers) io.serverSideEmit("race:peer", message);
    },
    onPeer(listener) {
      io.on("race:peer", listener);
      return () => void io.off("race:peer", listener);
    },
  };
}
