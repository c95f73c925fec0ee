/**
 * The one way socket traffic is handled.
 *
 * Every event a socket sends is first charged to the socket's budget (`guardSocket`: messages, the epochs an
 * event carries, bytes); over it, the event is refused with `rate_limited` before any handler sees it, and a
 * socket that keeps going is disconnected. Then a request is validated against the contract's schema, the
 * session is checked, the handler runs, and the ack answers with a Result. No exception ever crosses the socket;
 * a malformed request gets a `bad_request` ack naming the problem and changes nothing. What can repeat at
 * flood rate (failures, requests without an ack) is logged once per burst, not once per message.
 */
import type { Socket } from "socket.io";
import type { z } from "zod";
import type { Result } from "@/lib/errors";
import { parseInput } from "@/lib/input";
import { FloodGuard } from "@/lib/race/flood-guard";
import {
  requests,
  type ClientToServerEvents,
  type InterServerEvents,
  type RequestName,
  type Requests,
  type ServerToClientEvents,
  type SocketData,
} from "@/lib/realtime/events";
import type { AppContext } from "../context";
import { AppError, inputError, internalFailure } from "../errors";

export type AppSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

type Input<E extends RequestName> = z.output<Requests[E]["request"]>;
type Output<E extends RequestName> = z.output<Requests[E]["response"]>;

/**
 * Epochs an event costs beyond being one message, read from its raw payload (the budget is charged before the
 * payload is validated, so this must accept anything). Events not listed carry no epochs.
 */
const EPOCHS: Partial<Record<RequestName, (payload: unknown) => number>> = {
  "run:snapshot": (payload) => {
    const snapshots = (payload as { snapshots?: unknown } | null)?.snapshots;
    return Array.isArray(snapshots) ? snapshots.length : 0;
  },
  "run:rollout": () => 1,
};

function throttled(): AppError {
  return new AppError("rate_limited", { reason: "throttled" });
}

/**
 * Charges every event the socket sends (known or not, with an ack or without) to one budget, as Socket.IO
 * middleware: a refused event is answered `rate_limited` when it asked for an answer, and is never dispatched.
 */
export function guardSocket(socket: AppSocket, ctx: AppContext): void {
  const guard = new FloodGuard(ctx.socketBudget, ctx.clock.now());
  // Bytes as they came over the wire since the last event (the parsed payload no longer tells its size).
  let bytes = 0;
  socket.conn.on("packet", (packet: { type: string; data?: unknown }) => {
    if (packet.type !== "message") return;
    if (typeof packet.data === "string") bytes += packet.data.length;
    else if (Buffer.isBuffer(packet.data)) bytes += packet.data.length;
  });
  let cutOff = false;

  socket.use((event, next) => {
    const [name, ...args] = event as unknown as [string, ...unknown[]];
    const ack = typeof args.at(-1) === "function" ? (args.at(-1) as (result: Result<never>) => void) : undefined;
    const payload = ack ? args.slice(0, -1)[0] : args[0];
    const epochs = Object.hasOwn(EPOCHS, name) ? EPOCHS[name as RequestName]!(payload) : 0;
    const verdict = guard.admit(ctx.clock.now(), epochs, bytes);
    bytes = 0;
    if (verdict === "ok") {
      next();
      return;
    }
    ack?.(throttled().toFailure());
    if (verdict === "disconnect" && !cutOff) {
      cutOff = true;
      ctx.burstLog.warn("socket over budget", "socket over its budget: disconnected", { userId: socket.data.userId, event: name });
      // After the ack above has gone out.
      setImmediate(() => socket.disconnect(true));
    }
  });
}

export function onRequest<E extends RequestName>(
  socket: AppSocket,
  ctx: AppContext,
  event: E,
  handle: (payload: Input<E>) => Promise<Output<E>>,
): void {
  const spec = requests[event];
  const listener = async (payload: unknown, ack: unknown) => {
    if (typeof ack !== "function") {
      ctx.burstLog.warn(`no ack: ${event}`, "socket request without ack ignored", { event, userId: socket.data.userId });
      return;
    }
    const reply = ack as (result: Result<Output<E>>) => void;
    if (ctx.clock.now() >= socket.data.sessionExpiresAt) {
      reply(new AppError("unauthenticated").toFailure());
      socket.disconnect(true);
      return;
    }
    const parsed = parseInput(spec.request, payload);
    if (!parsed.ok) {
      reply(inputError(parsed).toFailure());
      return;
    }
    try {
      reply({ ok: true, data: await handle(parsed.data as Input<E>) });
    } catch (error) {
      if (error instanceof AppError) {
        reply(error.toFailure());
        return;
      }
      const kind = `failed: ${event}: ${error instanceof Error ? `${error.name}: ${error.message.slice(0, 200)}` : String(error)}`;
      ctx.burstLog.error(kind, "socket request failed", { event, userId: socket.data.userId, error });
      reply(internalFailure());
    }
  };
  // Socket.IO's listener typing is per event name; the payload is untrusted anyway, so take it as unknown.
  (socket.on as (event: string, listener: (payload: unknown, ack: unknown) => void) => void)(event, listener);
}

