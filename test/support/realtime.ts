/**
 * Helpers for socket tests with real socket.io-client clients. Absence of an event is shown with a barrier,
 * not a sleep: after the broadcast reached a socket that should get it, a round trip on the socket that should
 * not proves everything sent before has been delivered.
 */
import type { RealtimeSocket } from "@/app/_lib/realtime";
import { connectErrorData, request } from "@/app/_lib/realtime";
import type { ConnectErrorData } from "@/lib/realtime/protocol";
import type { BroadcastName, Broadcasts } from "@/lib/realtime/events";
import type { z } from "zod";

const EVENT_TIMEOUT_MS = 10_000;
const sockets = new Set<RealtimeSocket>();

export function track(socket: RealtimeSocket): RealtimeSocket {
  sockets.add(socket);
  return socket;
}

export function closeAllSockets(): void {
  for (const socket of sockets) socket.disconnect();
  sockets.clear();
}

/** Resolves when connected; rejects with the server's refusal (code + message) when the handshake is refused. */
export function connected(socket: RealtimeSocket): Promise<void> {
  track(socket);
  return new Promise((resolve, reject) => {
    if (socket.connected) return resolve();
    socket.once("connect", () => resolve());
    socket.once("connect_error", (error) => {
      socket.disconnect();
      reject(Object.assign(new Error(error.message), { data: connectErrorData(error) }));
    });
    if (!socket.active) socket.connect();
  });
}

export async function refusal(socket: RealtimeSocket): Promise<ConnectErrorData | null> {
  try {
    await connected(socket);
  } catch (error) {
    return (error as { data: ConnectErrorData | null }).data;
  }
  throw new Error("expected the handshake to be refused, but the socket connected");
}

type Payload<E extends BroadcastName> = z.output<Broadcasts[E]>;

/** Records every broadcast a socket receives, for later assertions. */
export class Inbox {
  readonly events: { event: BroadcastName; payload: unknown }[] = [];
  private waiters: { match: (e: { event: BroadcastName; payload: unknown }) => boolean; resolve: (p: unknown) => void }[] = [];

  constructor(readonly socket: RealtimeSocket) {
    socket.onAny((event: BroadcastName, payload: unknown) => {
      const entry = { event, payload };
      this.events.push(entry);
      this.waiters = this.waiters.filter((w) => {
        if (!w.match(entry)) return true;
        w.resolve(payload);
        return false;
      });
    });
  }

  /** The first (past or future) `event` whose payload satisfies `where`. */
  next<E extends BroadcastName>(event: E, where: (payload: Payload<E>) => boolean = () => true): Promise<Payload<E>> {
    const match = (e: { event: BroadcastName; payload: unknown }) => e.event === event && where(e.payload as Payload<E>);
    const seen = this.events.find(match);
    if (seen) return Promise.resolve(seen.payload as Payload<E>);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${event} within ${EVENT_TIMEOUT_MS} ms; got ${JSON.stringify(this.events)}`)), EVENT_TIMEOUT_MS);
      this.waiters.push({
        match,
        resolve: (p) => {
          clearTimeout(timer);
          resolve(p as Payload<E>);
        },
      });
    });
  }

  of<E extends BroadcastName>(event: E): Payload<E>[] {
    return this.events.filter((e) => e.event === event).map((e) => e.payload as Payload<E>);
  }

  /**
   * A round trip to the server: broadcasts emitted before it have arrived once it returns. (Leaving a room the
   * socket never entered is refused and changes nothing, which makes it a harmless probe.)
   */
  async flush(): Promise<void> {
    const result = await request(this.socket, "room:leave", { classroomId: "barrier-no-such-classroom" });
    if (result.ok || result.error.code !== "forbidden") throw new Error(`unexpected barrier answer ${JSON.stringify(result)}`);
  }
}
