/**
 * The one way a socket request is handled: validate the payload against the contract's schema, check the
 * session is still valid, run the handler, and answer through the ack with a Result. No exception ever crosses
 * the socket; a malformed request gets a `bad_request` ack naming the problem and changes nothing.
 */
import type { Socket } from "socket.io";
import type { z } from "zod";
import type { Result } from "@/lib/errors";
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
import { AppError, internalFailure } from "../errors";

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
    const parsed = spec.request.safeParse(payload);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      reply(issueError(issue).toFailure());
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

/**
 * A malformed request's ack. An issue that carries a catalogue reason (`params: { reason, values }`, e.g. race rules
 * whose scoring would cost too much) is answered with that reason's message from lib/i18n; others with zod's text.
 */
function issueError(issue: z.core.$ZodIssue): AppError {
  const field = issue.path.join(".") || undefined;
  const params = (issue as { params?: { reason?: unknown; values?: unknown } }).params;
  if (typeof params?.reason === "string") {
    return new AppError("bad_request", { field, reason: params.reason, values: params.values as Record<string, string | number> | undefined });
  }
  return new AppError("bad_request", { field, message: field ? `${field}: ${issue.message}` : issue.message });
}
