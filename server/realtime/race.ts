/**
 * The race area over the socket: thin handlers (the contract's schema has parsed the payload; the race service
 * applies the rules and stores; the ack answers). The socket's budget (server/realtime/handler.ts) has already
 * been charged for every request, its epochs included.
 */
import type { AppContext } from "../context";
import { roomNames } from "./channel";
import { onRequest, type AppSocket } from "./handler";

export function registerRace(socket: AppSocket, ctx: AppContext): void {
  const races = ctx.services.races;
  onRequest(socket, ctx, "race:list", async ({ classroomId }) => {
    return { races: await races.list(socket.data.userId, classroomId), now: ctx.clock.now() };
  });
  onRequest(socket, ctx, "race:create", async ({ classroomId, name, rules, homework }) => {
    return { race: await races.create(socket.data.userId, classroomId, name, rules, homework ?? null) };
  });
  onRequest(socket, ctx, "race:start", async ({ raceId, countdownSec }) => {
    const race = await races.rulesOf(raceId);
    const timeLimitMs = race.budget.timeLimitSec === null ? null : race.budget.timeLimitSec * 1000;
    return { race: await races.control(socket.data.userId, raceId, { type: "start", countdownMs: countdownSec * 1000, timeLimitMs }) };
  });
  for (const type of ["pause", "resume", "end"] as const) {
    onRequest(socket, ctx, `race:${type}`, async ({ raceId }) => {
      return { race: await races.control(socket.data.userId, raceId, { type }) };
    });
  }
  onRequest(socket, ctx, "race:extend", async ({ raceId, seconds }) => {
    return { race: await races.control(socket.data.userId, raceId, { type: "extend", byMs: seconds * 1000 }) };
  });
  onRequest(socket, ctx, "race:state", async ({ raceId }) => {
    const state = await races.state(socket.data.userId, raceId);
    await socket.join(roomNames.race(raceId));
    return state;
  });

  onRequest(socket, ctx, "run:start", async ({ raceId, config, backend, device }) => {
    // Watching the room is race:state's job (pages call it first); a sender that only sends receives no ticks.
    return { run: await races.startRun(socket.data.userId, raceId, config, backend, device) };
  });
  onRequest(socket, ctx, "run:snapshot", async ({ runId, snapshots }) => {
    return races.snapshots(socket.data.userId, runId, snapshots);
  });
  onRequest(socket, ctx, "run:resume", async ({ runId }) => {
    return races.resume(socket.data.userId, runId);
  });
  onRequest(socket, ctx, "run:rollout", async ({ runId, ...rollout }) => {
    await races.rollout(socket.data.userId, runId, rollout);
    return {};
  });
  onRequest(socket, ctx, "run:finish", async ({ runId, status, msPerEpoch, backend }) => {
    return { run: await races.finish(socket.data.userId, runId, status, msPerEpoch, backend ?? null) };
  });
}

/**
 * After connection-state recovery the socket is back in its race rooms without asking again: keep only the races
 * whose classroom it still belongs to (removed while away, it must not receive their ticks).
 */
export async function restoreRaceRooms(socket: AppSocket, ctx: AppContext): Promise<void> {
  const prefix = roomNames.race("");
  for (const room of [...socket.rooms]) {
    if (!room.startsWith(prefix)) continue;
    if (!(await ctx.services.races.mayWatch(socket.data.userId, room.slice(prefix.length)))) await socket.leave(room);
  }
}
