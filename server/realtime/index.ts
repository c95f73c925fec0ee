/**
 * Every socket area. A new area adds server/realtime/<area>.ts exporting `register<Area>(socket, ctx)` (using
 * onRequest from ./handler) and lists it here; its events go in lib/realtime/<area>.ts.
 */
import type { AppContext } from "../context";
import type { AppSocket } from "./handler";
import { registerRace, restoreRaceRooms } from "./race";
import { registerRoster, restoreRosterPresence } from "./roster";

export interface RealtimeArea {
  register(socket: AppSocket, ctx: AppContext): void;
  /** Called instead of nothing when a socket comes back through connection-state recovery. */
  recovered?(socket: AppSocket, ctx: AppContext): Promise<void>;
}

export const areas: RealtimeArea[] = [{ register: registerRoster, recovered: restoreRosterPresence }, { register: registerRace, recovered: restoreRaceRooms }];
