/**
 * The only module that touches socket.io-client: connects with the protocol version, and turns requests into
 * promises of the contract's Result (failures carry codes, for the page to word). Pages (and the integration
 * tests, from Node) use it.
 */
import { io, type Socket } from "socket.io-client";
import type { Result } from "@/lib/errors";
import type { ClientToServerEvents, RequestName, Requests, ServerToClientEvents } from "@/lib/realtime/events";
import { PROTOCOL_VERSION, type ConnectErrorData } from "@/lib/realtime/protocol";
import type { z } from "zod";

export type RealtimeSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface ConnectOptions {
  /** Defaults to the page's own origin. */
  url?: string;
  /** Node only (tests): the cookie a browser would send by itself. */
  headers?: Record<string, string>;
  /** Start connected (default) or call socket.connect() later. */
  autoConnect?: boolean;
}

/** Requests that get no ack in this time fail, instead of leaving the page waiting forever. */
export const REQUEST_TIMEOUT_MS = 10_000;

export function connectRealtime(options: ConnectOptions = {}): RealtimeSocket {
  const settings = {
    auth: { protocolVersion: PROTOCOL_VERSION },
    withCredentials: true,
    autoConnect: options.autoConnect ?? true,
    ...(options.headers ? { extraHeaders: options.headers } : {}),
  };
  return options.url ? io(options.url, settings) : io(settings);
}

export function request<E extends RequestName>(
  socket: RealtimeSocket,
  event: E,
  payload: z.input<Requests[E]["request"]>,
): Promise<Result<z.output<Requests[E]["response"]>>> {
  // The typed emit cannot follow a generic event name; the signature above keeps callers checked.
  const timed = socket.timeout(REQUEST_TIMEOUT_MS);
  const emit = timed.emitWithAck as unknown as (event: string, payload: unknown) => Promise<Result<z.output<Requests[E]["response"]>>>;
  return emit.call(timed, event, payload).catch(
    (): Result<never> => ({ ok: false, error: { code: "internal", reason: "timed_out", message: `no answer within ${REQUEST_TIMEOUT_MS} ms` } }),
  );
}

/** The reason a handshake was refused (`connect_error`), when the server gave one. */
export function connectErrorData(error: Error): ConnectErrorData | null {
  const data = (error as Error & { data?: ConnectErrorData }).data;
  return data && typeof data.code === "string" ? data : null;
}
