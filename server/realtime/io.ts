/**
 * The Socket.IO server. The handshake is authenticated with the same session cookie as HTTP and must carry
 * the client's PROTOCOL_VERSION; cross-site handshakes are refused. With Redis, the streams adapter carries
 * broadcasts between processes and keeps connection-state recovery working.
 */
import type { Server as HttpServer } from "node:http";
import { createAdapter } from "@socket.io/redis-streams-adapter";
import type { RedisClientType } from "redis";
import { Server } from "socket.io";
import { PROTOCOL_VERSION, ZHandshakeAuth, type ConnectErrorData } from "@/lib/realtime/protocol";
import type { AppContext } from "../context";
import { AppError } from "../errors";
import { parseCookies, SESSION_COOKIE } from "../http/cookies";
import { isCrossOrigin } from "../http/request-info";
import { securityHeaders } from "../http/security-headers";
import type { AppServer } from "./channel";
import { roomNames } from "./channel";
import { guardSocket, type AppSocket } from "./handler";
import { areas } from "./index";

/** A dropped Wi-Fi connection shorter than this resumes with its rooms and missed broadcasts. */
const RECOVERY_WINDOW_MS = 2 * 60 * 1000;
/**
 * Open sockets one account may hold on one process: a teacher's page, projector and a few spare tabs fit; a
 * student opening sockets by the hundred to multiply per-socket budgets does not.
 */
export const MAX_SOCKETS_PER_USER = 12;

export function createIo(httpServer: HttpServer, options: { trustProxy: boolean; dev: boolean; redis?: RedisClientType; redisPrefix: string }): AppServer {
  const io: AppServer = new Server(httpServer, {
    serveClient: false,
    // Leave upgrade requests for other paths (Next.js's dev reloader) alone instead of destroying them.
    destroyUpgrade: false,
    maxHttpBufferSize: 64 * 1024,
    connectionStateRecovery: { maxDisconnectionDuration: RECOVERY_WINDOW_MS, skipMiddlewares: false },
    allowRequest: (req, callback) => callback(null, !isCrossOrigin(req, options.trustProxy)),
    ...(options.redis ? { adapter: createAdapter(options.redis, { streamName: `${options.redisPrefix}socket.io` }) } : {}),
  });
  // Socket.IO answers its own HTTP requests (handshake, long-polling): they get the API's headers too.
  const headers = securityHeaders("api", { dev: options.dev });
  io.engine.on("headers", (sent: Record<string, string>) => Object.assign(sent, headers));
  return io;
}

function refuse(data: ConnectErrorData): Error & { data: ConnectErrorData } {
  return Object.assign(new Error(data.code), { data });
}

/** Wires authentication and the areas onto a created server (the context needs the server first, for RoomChannel). */
export function attachRealtime(io: AppServer, ctx: AppContext, options: { maxSocketsPerUser?: number } = {}): void {
  const holders = new SocketHolders(options.maxSocketsPerUser ?? MAX_SOCKETS_PER_USER);
  io.use(async (socket, next) => {
    try {
      const auth = ZHandshakeAuth.safeParse(socket.handshake.auth);
      if (!auth.success || auth.data.protocolVersion !== PROTOCOL_VERSION) {
        next(refuse(new AppError("protocol_mismatch").toBody()));
        return;
      }
      const token = parseCookies(socket.request.headers.cookie)[SESSION_COOKIE];
      const active = await ctx.sessions.resolve(token);
      if (!active) {
        next(refuse(new AppError("unauthenticated").toBody()));
        return;
      }
      // A one-time PIN opens nothing but the page to choose a new one (server/http/router.ts says the same).
      if (active.user.passwordChangeRequired) {
        next(refuse(new AppError("password_change_required").toBody()));
        return;
      }
      // Taken after the last await, so concurrent handshakes cannot all pass the count; given back when the
      // connection closes, even if it closes before the socket connects.
      if (!holders.take(active.user.id, socket.id)) {
        next(refuse(new AppError("rate_limited", { reason: "too_many_connections" }).toBody()));
        return;
      }
      const release = () => holders.release(active.user.id, socket.id);
      socket.conn.once("close", release);
      socket.once("disconnect", release);
      const recovered = socket.recovered && socket.data.userId === active.user.id;
      if (socket.recovered && !recovered) {
        // Recovered rooms belong to whoever held the connection before: start this user from none.
        for (const room of socket.rooms) if (room !== socket.id) await socket.leave(room);
      }
      socket.data = {
        userId: active.user.id,
        sessionIdHash: active.session.idHash,
        sessionExpiresAt: active.session.expiresAt.getTime(),
        classroomIds: recovered ? socket.data.classroomIds : [],
      };
      next();
    } catch (error) {
      ctx.logger.error("socket handshake failed", { error });
      next(refuse(new AppError("internal").toBody()));
    }
  });

  io.on("connection", (socket: AppSocket) => {
    // Before any area listens: every event the socket sends is charged to its budget first.
    guardSocket(socket, ctx);
    void socket.join([roomNames.user(socket.data.userId), roomNames.session(socket.data.sessionIdHash)]);
    for (const area of areas) area.register(socket, ctx);
    if (socket.recovered) {
      for (const area of areas) {
        area.recovered?.(socket, ctx).catch((error: unknown) => ctx.logger.error("socket recovery failed", { error }));
      }
    }
  });
}

/** Who holds which sockets on this process, for the per-user cap. */
class SocketHolders {
  private readonly byUser = new Map<string, Set<string>>();

  constructor(private readonly max: number) {}

  take(userId: string, socketId: string): boolean {
    const held = this.byUser.get(userId) ?? new Set<string>();
    if (!held.has(socketId) && held.size >= this.max) return false;
    held.add(socketId);
    this.byUser.set(userId, held);
    return true;
  }

  release(userId: string, socketId: string): void {
    const held = this.byUser.get(userId);
    if (!held) return;
    held.delete(socketId);
    if (held.size === 0) this.byUser.delete(userId);
  }
}
