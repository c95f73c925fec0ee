/**
 * The whole socket contract, assembled from the areas. A new area (race, run…) adds lib/realtime/<area>.ts with
 * its `defineRequests`/`defineBroadcasts` maps and spreads them here; the server and the client pick the
 * types up from this file.
 */
import type { BroadcastEvents, RequestEvents } from "./protocol";
import { rosterBroadcasts, rosterRequests } from "./roster";
import { scoringBroadcasts } from "./scoring";

export const requests = { ...rosterRequests };
export const broadcasts = { ...rosterBroadcasts, ...scoringBroadcasts };

export type Requests = typeof requests;
export type Broadcasts = typeof broadcasts;
export type RequestName = keyof Requests;
export type BroadcastName = keyof Broadcasts;

export type ClientToServerEvents = RequestEvents<Requests>;
export type ServerToClientEvents = BroadcastEvents<Broadcasts>;
/** Only the server emits to other servers, through the adapter; nothing yet. */
export type InterServerEvents = Record<string, never>;

/** What the server knows about a connected socket (set at the handshake, restored on reconnection). */
export interface SocketData {
  userId: string;
  sessionIdHash: string;
  /** Epoch ms: events after this are refused as if signed out. */
  sessionExpiresAt: number;
  /** Classrooms this socket entered with room:enter (for presence bookkeeping on disconnect). */
  classroomIds: string[];
}
