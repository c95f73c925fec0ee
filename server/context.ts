/**
 * The application context: everything a handler may use, built once per server. Handlers receive it instead of
 * importing singletons, so tests build the real thing around a temporary database on port 0.
 *
 * A later area that needs its own long-lived service (a scoring pool, a race registry) declares it in its own
 * file by augmenting `AppServices`:
 *
 *     declare module "@/server/context" { interface AppServices { scoring: ScoringPool } }
 *
 * and passes the instance in `ServerDeps.services` (server/app.ts); nothing here needs editing.
 */
import type { FloodRules } from "@/lib/race/flood-guard";
import type { BurstLog } from "./burst-log";
import type { Config } from "./config";
import type { Clock, Scheduler } from "./clock";
import type { Logger } from "./logger";
import type { Repositories } from "./persistence/repositories";
import type { Provider } from "./persistence/sql-driver";
import type { Presence } from "./presence/presence";
import type { RedisLink } from "./redis";
import type { RoomChannel } from "./realtime/channel";
import type { PasswordHasher } from "./security/passwords";
import type { RateLimiter } from "./security/rate-limit";
import type { RateRules } from "./security/rate-rules";
import type { SessionService } from "./services/sessions";

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging in area files
export interface AppServices {}

export interface AppContext {
  config: Config;
  secret: string;
  clock: Clock;
  /** Timers of long-lived services; tests pass a manual one with the manual clock. */
  scheduler: Scheduler;
  logger: Logger;
  /** For what can repeat thousands of times a second: one line per kind per window. */
  burstLog: BurstLog;
  database: { provider: Provider; ping(): Promise<void> };
  repos: Repositories;
  passwords: PasswordHasher;
  sessions: SessionService;
  /** Scale-out mode only: null without REDIS_URL. */
  redis: Pick<RedisLink, "health"> | null;
  rateLimiter: RateLimiter;
  rateRules: RateRules;
  presence: Presence;
  /** Every socket's budget of messages, epochs and bytes (server/realtime/handler.ts). */
  socketBudget: FloodRules;
  /** Emits to classroom rooms across every server process. */
  rooms: RoomChannel;
  services: AppServices;
}
