/**
 * The socket protocol's frame: its version, the handshake, and the request/ack and broadcast shapes every area
 * (lib/realtime/<area>.ts) plugs into. Types are derived from zod schemas so the server validates exactly
 * what the types promise.
 */
import { z } from "zod";
import type { ErrorBody, Result } from "../errors";

/**
 * Bump when an event's name or payload changes incompatibly. The server refuses clients with another version
 * (a stale tab after a deploy), and the client tells the user to reload.
 */
export const PROTOCOL_VERSION = 1;

export const ZHandshakeAuth = z.object({ protocolVersion: z.number().int() });
export type HandshakeAuth = z.infer<typeof ZHandshakeAuth>;

/** `data` of the Error a refused handshake produces on the client (`connect_error`). */
export type ConnectErrorData = ErrorBody;

/** A request: the client emits a payload and gets a Result in the ack. */
export interface RequestSpec<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  request: Req;
  response: Res;
}

export type RequestMap = Record<string, RequestSpec>;
export type BroadcastMap = Record<string, z.ZodType>;

export type Ack<Res extends z.ZodType> = (result: Result<z.output<Res>>) => void;

/** Client→server events for Socket.IO's typings: `(payload, ack) => void`. */
export type RequestEvents<M extends RequestMap> = {
  [K in keyof M]: (payload: z.input<M[K]["request"]>, ack: Ack<M[K]["response"]>) => void;
};

/** Server→client events for Socket.IO's typings: `(payload) => void`. */
export type BroadcastEvents<M extends BroadcastMap> = {
  [K in keyof M]: (payload: z.output<M[K]>) => void;
};

export function defineRequests<M extends RequestMap>(map: M): M {
  return map;
}

export function defineBroadcasts<M extends BroadcastMap>(map: M): M {
  return map;
}
