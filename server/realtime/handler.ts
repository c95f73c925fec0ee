/**
 * The one way a socket request is handled: validate the payload against the contract's schema, check the
 * session is still valid, run the handler, and answer through the ack with a Result. No exception ever crosses
 * the socket; a malformed request gets a `bad_request` ack naming the problem and changes nothing.
 */
import type { Socket } from "socket.io";
import type { z } from "zod";
import type { Result } from "@/lib/errors";
import { parseInput } from "@/lib/input";
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

export function onRequest<E extends RequestName>(
  socket: AppSocket,
  ctx: AppContext,
  event: E,
  handle: (payload: Input<E>) => Promise<Output<E>>,
): void {
  const spec = requests[event];
  const listener = async (payload: unknown, ack: unknown) => {
    if (typeof ack !== "function") {
      ctx.logger.warn("socket request without ack ignored", { event, userId: socket.data.userId });
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
      ctx.logger.error("socket request failed", { event, userId: socket.data.userId, error });
      reply(internalFailure());
    }
  };
  // Socket.IO's listener typing is per event name; the payload is untrusted anyway, so take it as unknown.
  (socket.on as (event: string, listener: (payload: unknown, ack: unknown) => void) => void)(event, listener);
}
