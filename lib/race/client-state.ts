/**
 * Folding what a race page receives (the full state, then ticks and reliable updates) into the state it draws.
 * Pure and idempotent: a tick that arrives twice, or a tick older than the state fetched after a reconnect,
 * leaves the same state. A tick naming a run the page does not know yet (its run-started message is still on the
 * way, or was missed while offline) asks for a full refresh instead of guessing.
 */
import type { RaceState, RaceView } from "../realtime/race";
import type { RaceTick, RunLive, RunView } from "./views";

export interface RaceClientState extends RaceState {
  /** Set when the page should fetch the full state again. */
  stale: boolean;
}

export function fromState(state: RaceState): RaceClientState {
  return { ...state, stale: false };
}

export function applyTick(state: RaceClientState, tick: RaceTick): RaceClientState {
  if (tick.raceId !== state.race.id) return state;
  const byId = new Map(state.runs.map((r, i) => [r.runId, i]));
  const runs = state.runs.slice();
  let stale = state.stale;
  for (const delta of tick.runs) {
    const index = byId.get(delta.runId);
    if (index === undefined) {
      stale = true;
      continue;
    }
    const run = runs[index]!;
    const lastKnown = run.points[run.points.length - 1]?.[0] ?? 0;
    const fresh = delta.points.filter((p) => p[0] > lastKnown);
    // Points must follow on: a gap means ticks were lost (they are volatile), so the curve is refetched.
    if (fresh.length > 0 && fresh[0]![0] !== lastKnown + 1 && lastKnown > 0) stale = true;
    if (delta.lastEpoch < run.lastEpoch && fresh.length === 0 && delta.status === run.status) continue;
    const newer = delta.lastEpoch >= run.lastEpoch;
    const last = fresh[fresh.length - 1];
    runs[index] = {
      ...run,
      status: delta.status,
      ...(newer ? { lastEpoch: delta.lastEpoch } : {}),
      ...(newer && last ? { trainLoss: last[1], valLoss: last[2] } : {}),
      points: fresh.length > 0 ? [...run.points, ...fresh] : run.points,
      rollout: delta.rollout ?? run.rollout,
    };
  }
  return { ...state, runs, stale };
}

export function applyRunStarted(state: RaceClientState, raceId: string, run: RunView): RaceClientState {
  if (raceId !== state.race.id || state.runs.some((r) => r.runId === run.runId)) return state;
  // A student trains one run at a time: their earlier running run was stopped by the server.
  const runs = state.runs.map((r) => (r.userId === run.userId && r.status === "running" ? { ...r, status: "stopped" as const } : r));
  return { ...state, runs: [...runs, run] };
}

export function applyRunUpdated(state: RaceClientState, raceId: string, live: RunLive): RaceClientState {
  if (raceId !== state.race.id) return state;
  const index = state.runs.findIndex((r) => r.runId === live.runId);
  if (index < 0) return { ...state, stale: true };
  const runs = state.runs.slice();
  const run = runs[index]!;
  runs[index] = { ...run, status: live.status, ...(live.lastEpoch >= run.lastEpoch ? live : {}) };
  return { ...state, runs };
}

export function applyRaceUpdated(state: RaceClientState, race: RaceView): RaceClientState {
  if (race.id !== state.race.id) return state;
  const runs = race.status === "ended" ? state.runs.map((r) => (r.status === "running" ? { ...r, status: "stopped" as const } : r)) : state.runs;
  return { ...state, race, runs };
}
