/**
 * A server process's housekeeping: stops Playground runs abandoned mid-training (tab closed, laptop shut): see lib/history/stale.ts for when a run
 * counts as abandoned. A periodic sweep on every server process; stopping is `finish` guarded by
 * `status = "running"`, so processes sweeping at once, or a page finishing the run at the same moment, stop it
 * exactly once. Race runs are not touched: the race finishes its runs at its end.
 */
import { isStale, lastActivityAt, STALE_AFTER_MS } from "@/lib/history/stale";
import type { AppContext } from "../context";

/** How often each process looks for stale runs. */
export const STALE_SWEEP_INTERVAL_MS = 60_000;
/** Runs stopped per sweep at most; the next sweep takes the rest. */
const STALE_SWEEP_BATCH = 200;

/** Stops every stale running Playground run; returns how many it stopped. */
export async function stopStaleRuns(ctx: Pick<AppContext, "clock" | "repos" | "logger">, staleAfterMs = STALE_AFTER_MS): Promise<number> {
  const now = ctx.clock.now();
  const candidates = await ctx.repos.history.runningPlayground(new Date(now - staleAfterMs), STALE_SWEEP_BATCH);
  let stopped = 0;
  for (const run of candidates) {
    if (!isStale(run.startedAt.getTime(), run.lastTMs, now, staleAfterMs)) continue;
    const ended = await ctx.repos.runs.finish(run.id, {
      status: "stopped",
      // It stopped when it last made progress, not when we noticed.
      finishedAt: new Date(lastActivityAt(run.startedAt.getTime(), run.lastTMs)),
      finalTrainLoss: run.finalTrainLoss,
      finalValLoss: run.finalValLoss,
      msPerEpoch: run.msPerEpoch,
    });
    if (ended) stopped++;
  }
  if (stopped > 0) ctx.logger.info("stopped abandoned runs", { stopped });
  return stopped;
}

/** Expired sessions are deleted this often (each process; deleting twice is harmless). */
export const SESSION_CLEANUP_INTERVAL_MS = 60 * 60 * 1000;

export interface Housekeeping {
  stop(): Promise<void>;
}

/**
 * The periodic chores of every server process: stopping abandoned Playground runs every `intervalMs`, and deleting
 * expired sessions and password reset links every hour. A failing round is logged and the next one tries again.
 */
export function startHousekeeping(ctx: Pick<AppContext, "clock" | "scheduler" | "repos" | "logger">, intervalMs = STALE_SWEEP_INTERVAL_MS): Housekeeping {
  const sessions = ctx.scheduler.every(SESSION_CLEANUP_INTERVAL_MS, () => {
    ctx.repos.sessions.deleteExpired(new Date(ctx.clock.now())).catch((error: unknown) => ctx.logger.error("deleting expired sessions failed", { error }));
    ctx.repos.passwordResets.deleteExpired(new Date(ctx.clock.now())).catch((error: unknown) => ctx.logger.error("deleting expired reset links failed", { error }));
  });
  let running: Promise<unknown> | null = null;
  const timer = ctx.scheduler.every(intervalMs, () => {
    if (running) return;
    running = stopStaleRuns(ctx)
      .catch((error: unknown) => ctx.logger.error("stale run sweep failed", { error }))
      .finally(() => {
        running = null;
      });
  });
  return {
    async stop() {
      timer.cancel();
      sessions.cancel();
      await running;
    },
  };
}

declare module "@/server/context" {
  interface AppServices {
    /** Periodic chores (server/services/stale-runs.ts), stopped by close(). */
    housekeeping: Housekeeping;
  }
}
