/**
 * The process's connection to Redis (scale-out mode), built to fail fast. With node-redis's defaults a command
 * sent while Redis is down waits in an offline queue until Redis returns, and one sent to a Redis that stopped
 * answering waits for ever; requests hung for 10–75 s. Here:
 *
 * - a command fails at once while the connection is down (no offline queue), and after REDIS_DEADLINE_MS when
 *   Redis does not answer (node-redis's own timeout only covers commands not yet written);
 * - the outage and the recovery are logged once each, not once per reconnection attempt;
 * - whoever must catch up after an outage (presence) is told when Redis is back.
 *
 * The Socket.IO streams adapter gets a publishing client that fails fast the same way (so a broadcast still
 * reaches this process's own sockets during an outage instead of waiting for Redis), while the clients it
 * duplicates for reading (a blocking XREAD, SUBSCRIBE) keep waiting for Redis, which is what they are for.
 */
import { createClient, type RedisClientType } from "redis";
import type { BurstLog } from "./burst-log";
import type { Logger } from "./logger";

/** Redis answers in well under a millisecond on a LAN; a command this late means Redis is in trouble. */
export const REDIS_DEADLINE_MS = 1_500;
/** How long start-up waits for Redis before starting degraded (health answers 503 until Redis is there). */
const STARTUP_WAIT_MS = 5_000;
/** Commands piling up for a Redis that stopped answering are refused past this, instead of growing memory. */
const MAX_QUEUED_COMMANDS = 10_000;

export type RedisHealth = "ok" | "down";

export class RedisUnavailableError extends Error {
  override name = "RedisUnavailableError";
}

/** Runs commands against Redis, failing fast. Takes a function so the deadline covers multi-step commands too. */
export interface RedisRunner {
  run<T>(command: (client: RedisClientType) => Promise<T>): Promise<T>;
}

export interface RedisLink extends RedisRunner {
  /** The streams adapter's publishing client (see above). */
  adapterClient: RedisClientType;
  /** "ok" when Redis answers a PING within the deadline. */
  health(): Promise<RedisHealth>;
  /** Called each time Redis is back after an outage. */
  onRecovered(listener: () => void): void;
  close(): Promise<void>;
}

function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    // After a stall of the event loop the timer may run before the answer that already arrived is read: let
    // pending I/O go first (setImmediate runs after it), so only a Redis that really is late fails the command.
    timer = setTimeout(() => setImmediate(() => reject(new RedisUnavailableError(`Redis did not answer within ${ms} ms`))), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** A runner straight on a client, failing fast the same way (for tests of the Redis-backed parts). */
export function redisRunner(client: RedisClientType, deadlineMs = REDIS_DEADLINE_MS): RedisRunner {
  return {
    run(command) {
      if (!client.isReady) return Promise.reject(new RedisUnavailableError("Redis is not connected"));
      return withDeadline(command(client), deadlineMs);
    },
  };
}

/**
 * The adapter calls some commands without handling their failure (SET of a disconnected socket's session,
 * PUBLISH of a server-side emit); with fail-fast commands those would be unhandled rejections, which end the
 * process. They get the deadline, and their failure is logged instead; XADD (awaited by the adapter) gets the
 * deadline only.
 */
function forAdapter(client: RedisClientType, url: string, log: (error: unknown) => void, deadlineMs: number): RedisClientType {
  type Command = (...args: unknown[]) => Promise<unknown>;
  const methods = client as unknown as Record<string, Command>;
  for (const name of ["set", "publish", "sPublish", "xAdd"]) {
    const original = methods[name]!.bind(client);
    const swallow = name !== "xAdd";
    methods[name] = (...args) => {
      const sent = client.isReady ? withDeadline(original(...args), deadlineMs) : Promise.reject(new RedisUnavailableError("Redis is not connected"));
      return swallow ? sent.catch((error: unknown) => log(error)) : sent;
    };
  }
  // Readers wait for Redis (a blocking XREAD must outlive any deadline) and queue while it is away.
  (client as unknown as { duplicate: () => RedisClientType }).duplicate = () => createClient({ url }) as RedisClientType;
  return client;
}

export async function connectRedis(url: string, logger: Logger, burstLog: BurstLog, deadlineMs = REDIS_DEADLINE_MS): Promise<RedisLink> {
  const failFast = { url, disableOfflineQueue: true, commandsQueueMaxLength: MAX_QUEUED_COMMANDS, socket: { connectTimeout: 2_000 } };
  const commands = createClient(failFast) as RedisClientType;
  const adapter = forAdapter(
    createClient(failFast) as RedisClientType,
    url,
    (error) => burstLog.warn("redis adapter", "redis: a Socket.IO adapter command failed", { error }),
    deadlineMs,
  );

  // Down: the connection dropped, or a command found Redis away or silent. Back: connected again, or a command
  // answered again (after a freeze nothing reconnects). Each is logged once, and recovery is announced.
  let down = false;
  const recovered: (() => void)[] = [];
  const wentDown = (error: unknown) => {
    if (down) return;
    down = true;
    logger.error("redis unreachable: rate-limited actions answer 503, presence and cross-process broadcasts pause until it is back", { error });
  };
  const cameBack = () => {
    if (!down) return;
    down = false;
    logger.info("redis is back");
    for (const listener of recovered) listener();
  };
  commands.on("error", wentDown);
  commands.on("ready", cameBack);
  // The adapter's client reports the same outage; a listener keeps its errors from ending the process.
  adapter.on("error", () => undefined);

  const direct = redisRunner(commands, deadlineMs);
  const runner: RedisRunner = {
    run: (command) =>
      direct.run(command).then(
        (value) => {
          cameBack();
          return value;
        },
        (error: unknown) => {
          if (error instanceof RedisUnavailableError) wentDown(error);
          throw error;
        },
      ),
  };
  const connecting = Promise.all([commands.connect(), adapter.connect()]);
  connecting.catch((error: unknown) => logger.error("redis connection failed", { error }));
  const started = await withDeadline(connecting.then(() => true), STARTUP_WAIT_MS).catch(() => false);
  if (!started) {
    down = true;
    logger.error("redis unreachable at start-up: starting degraded until it answers", { url: url.replace(/\/\/[^@]*@/, "//…@") });
  }

  return {
    run: runner.run,
    adapterClient: adapter,
    async health() {
      try {
        await runner.run((client) => client.ping());
        return "ok";
      } catch {
        return "down";
      }
    },
    onRecovered(listener) {
      recovered.push(listener);
    },
    async close() {
      // A Redis that stopped answering would keep close() waiting for its pending commands.
      await Promise.all(
        [commands, adapter].filter((client) => client.isOpen).map((client) => withDeadline(client.close(), deadlineMs).catch(() => client.destroy())),
      );
    },
  };
}
