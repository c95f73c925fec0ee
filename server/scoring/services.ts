/**
 * The scoring area's long-lived services, built once per server by createServer and stopped by its close():
 * the fair scoring queue in front of the worker pool, the coalescing board broadcaster and the turns that space
 * out uploads' database work. They are listed on the context (`ctx.services`).
 */
import type { AppContext } from "../context";
import { BoardBroadcaster } from "./board-broadcaster";
import { broadcastBoards } from "./boards";
import { CheckpointSpacing } from "./checkpoints";
import { ScoringQueue, type ScoringQueueOptions } from "./queue";
import { Turns } from "./turns";

/** Uploads' queries in flight at once on PostgreSQL: enough to overlap round trips, few enough to leave the pool room. */
const POSTGRES_LANES = 4;

export interface ScoringServiceOptions {
  queue?: ScoringQueueOptions;
  /** Board broadcasts per race at most once per this (ms). */
  boardIntervalMs?: number;
}

/** Adds the scoring services to `ctx.services`; returns what close() must stop. */
export function startScoringServices(ctx: AppContext, options: ScoringServiceOptions = {}): { close(): Promise<void> } {
  const turns = new Turns(ctx.database.provider === "postgresql" ? POSTGRES_LANES : 1);
  const queue = new ScoringQueue(ctx.services.scoring, ctx.clock, ctx.logger, options.queue, ctx.services.storedSeries);
  const boards = new BoardBroadcaster(ctx.scheduler, ctx.clock, ctx.logger, (race) => turns.run(() => broadcastBoards(ctx, race)), options.boardIntervalMs);
  ctx.services.scoringQueue = queue;
  ctx.services.boards = boards;
  ctx.services.scoringTurns = turns;
  ctx.services.checkpointSpacing = new CheckpointSpacing();
  return {
    async close() {
      await queue.close();
      await boards.close();
    },
  };
}

declare module "@/server/context" {
  interface AppServices {
    /** Board broadcasts, coalesced per race (server/scoring/board-broadcaster.ts). */
    boards: BoardBroadcaster;
    /** Uploads' database work, started one per event-loop turn (server/scoring/turns.ts). */
    scoringTurns: Turns;
  }
}
