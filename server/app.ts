/**
 * Builds the whole server: one HTTP server for the JSON API (/api/*), Socket.IO (/socket.io) and, when a Next.js
 * app is passed, every other request. server/index.ts calls this for `npm start`; integration tests call it on
 * port 0 without a Next.js build.
 */
import { randomUUID } from "node:crypto";
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { DEFAULT_FLOOD_RULES, type FloodRules } from "@/lib/race/flood-guard";
import { createBurstLog } from "./burst-log";
import { systemClock, systemScheduler, type Clock, type Scheduler } from "./clock";
import type { Config } from "./config";
import type { AppContext, AppServices } from "./context";
import { createLogger, type Logger } from "./logger";
import type { Database } from "./persistence/database";
import { MemoryPresence, RedisPresence } from "./presence/presence";
import { TolerantPresence } from "./presence/tolerant";
import { rebuildPresence } from "./realtime/presence-rebuild";
import { connectRedis, type RedisLink } from "./redis";
import { createRoomChannel, type AppServer } from "./realtime/channel";
import { attachRealtime, createIo } from "./realtime/io";
import { createApiHandler } from "./http/router";
import { createSmtpMailer } from "./mail/mailer";
import { createJoinAddressService } from "./net/join-address";
import { secureResponse } from "./http/security-headers";
import { routes as defaultRoutes } from "./http/routes/index";
import type { Route } from "./http/route";
import { createPasswordHasher, type ScryptParams } from "./security/passwords";
import { MemoryRateLimiter, RedisRateLimiter } from "./security/rate-limit";
import { DEFAULT_RATE_RULES, type RateRules } from "./security/rate-rules";
import { createSessionService } from "./services/sessions";
import type { RaceFanout } from "./race/fanout";
import { socketIoFanout } from "./race/fanout-socketio";
import { DEFAULT_RACE_SERVICE_OPTIONS, RaceService, type RaceServiceOptions } from "./race/service";
import { startHousekeeping } from "./services/stale-runs";
import { StoredSeries } from "./services/stored-series";
import { startScoringServices, type ScoringServiceOptions } from "./scoring/services";

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

export interface ServerDeps {
  /** Opened (and migrated) by the caller, who also closes it. */
  database: Database;
  secret: string;
  /** Serves everything outside /api and /socket.io (the Next.js pages). Without it those answer 404. */
  next?: RequestHandler;
  clock?: Clock;
  scheduler?: Scheduler;
  logger?: Logger;
  /** Tests lower the KDF cost; production uses the default. */
  scrypt?: ScryptParams;
  rateRules?: Partial<RateRules>;
  routes?: Route[];
  /** Long-lived services of later areas (see AppServices in server/context.ts); the race service is built here. */
  services?: Omit<AppServices, BuiltServices>;
  /** Race tick rate and room caps (tests tighten them). */
  races?: Partial<RaceServiceOptions>;
  /** How races reach watchers and other processes; default Socket.IO (tests pass an in-memory hub's node). */
  raceFanout?: RaceFanout;
  /** The scoring queue's bound and the board broadcast interval (tests tighten them). */
  scoring?: ScoringServiceOptions;
  /** Every socket's budget (tests tighten it). */
  socketBudget?: Partial<FloodRules>;
  /** Open sockets per account per process (server/realtime/io.ts). */
  maxSocketsPerUser?: number;
}

/** Services createServer builds itself around the context. */
type BuiltServices = "joinAddress" | "mailer" | "races" | "scoringQueue" | "boards" | "scoringTurns" | "checkpointSpacing" | "housekeeping" | "storedSeries";

export interface AppServerHandle {
  http: HttpServer;
  io: AppServer;
  ctx: AppContext;
  /** Resolves with the bound address (port 0 picks a free port). */
  listen(port: number, host?: string): Promise<AddressInfo>;
  /** Closes sockets, HTTP and Redis; not the database (the caller owns it). */
  close(): Promise<void>;
}

export async function createServer(config: Config, deps: ServerDeps): Promise<AppServerHandle> {
  const clock = deps.clock ?? systemClock;
  const logger = deps.logger ?? createLogger(config.logLevel);
  const burstLog = createBurstLog(logger, clock);

  // Commands fail fast when Redis is away (server/redis.ts): what needs it answers 503, the rest goes on.
  const redis: RedisLink | undefined = config.redisUrl ? await connectRedis(config.redisUrl, logger, burstLog) : undefined;
  const presence = redis ? new TolerantPresence(new RedisPresence(redis, config.redisPrefix, randomUUID()), burstLog) : new MemoryPresence();

  // Registered before Socket.IO attaches, so Socket.IO keeps /socket.io/ and passes everything else to it.
  // It runs only once listening, after `api` below exists (the context needs Socket.IO, which needs this server).
  const http = createHttpServer((req, res) => route(req, res));
  const io = createIo(http, { trustProxy: config.trustProxy, dev: config.dev, redis: redis?.adapterClient, redisPrefix: config.redisPrefix });
  const ctx: AppContext = {
    config,
    secret: deps.secret,
    clock,
    scheduler: deps.scheduler ?? systemScheduler,
    logger,
    burstLog,
    database: deps.database,
    repos: deps.database.repositories,
    passwords: createPasswordHasher(deps.scrypt),
    sessions: createSessionService(deps.database.repositories.sessions, deps.secret, clock),
    redis: redis ?? null,
    rateLimiter: redis ? new RedisRateLimiter(redis, config.redisPrefix, clock) : new MemoryRateLimiter(clock),
    rateRules: { ...DEFAULT_RATE_RULES, ...deps.rateRules },
    presence,
    socketBudget: { ...DEFAULT_FLOOD_RULES, ...deps.socketBudget },
    rooms: createRoomChannel(io),
    // The race service needs the context and Socket.IO, so it is added just below.
    services: { ...deps.services } as AppServices,
  };
  ctx.services.storedSeries = new StoredSeries(ctx.repos.datasets);
  ctx.services.joinAddress = createJoinAddressService(config);
  ctx.services.mailer = config.mail ? createSmtpMailer(config.mail) : null;
  const raceFanout = deps.raceFanout ?? socketIoFanout(io, { peers: Boolean(config.redisUrl) });
  ctx.services.races = new RaceService(ctx, raceFanout, { ...DEFAULT_RACE_SERVICE_OPTIONS, ...deps.races });
  ctx.services.races.start();
  const scoring = startScoringServices(ctx, deps.scoring);
  ctx.services.housekeeping = startHousekeeping(ctx);
  const api = createApiHandler(ctx, deps.routes ?? defaultRoutes);
  attachRealtime(io, ctx, { maxSocketsPerUser: deps.maxSocketsPerUser });
  if (redis && presence instanceof TolerantPresence) {
    redis.onRecovered(() => {
      rebuildPresence(io, ctx, presence).catch((error: unknown) => logger.error("presence rebuild failed (tried again when Redis is back)", { error }));
    });
  }

  function route(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? "/").split("?")[0]!;
    const kind = secureResponse(req, res, path, { pages: Boolean(deps.next), dev: config.dev });
    if (kind === "api") {
      void api(req, res);
      return;
    }
    if (deps.next) {
      Promise.resolve(deps.next(req, res)).catch((error: unknown) => {
        logger.error("page request failed", { path, error });
        if (!res.headersSent) res.statusCode = 500;
        res.end();
      });
      return;
    }
    res.statusCode = 404;
    res.setHeader("Content-Type", "text/plain; charset=utf-8");
    res.end("Not found (this server runs without the Next.js pages).");
  }

  return {
    http,
    io,
    ctx,
    listen(port, host) {
      return new Promise((resolve, reject) => {
        http.once("error", reject);
        http.listen(port, host || undefined, () => {
          http.off("error", reject);
          const address = http.address() as AddressInfo;
          ctx.services.joinAddress.listening(address.port, host ?? "");
          resolve(address);
        });
      });
    },
    async close() {
      // io.close() also closes the HTTP server; connections kept alive by browsers are cut.
      http.closeAllConnections();
      // Lets the scorings under way finish (they store and re-rank) and stops the board broadcasts.
      await scoring.close();
      // Stops the race ticks and writes every buffered epoch before the sockets go.
      await ctx.services.races.close();
      await ctx.services.housekeeping.stop();
      await io.close();
      await redis?.close();
      ctx.services.mailer?.close();
    },
  };
}
