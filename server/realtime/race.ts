/**
 * The race area over the socket: thin handlers (the contract's schema has parsed the payload; the race service
 * applies the rules and stores; the ack answers). Every race request of a socket goes through its flood guard
 * first: a socket over its limits gets `rate_limited` and changes nothing, and one that keeps going is cut off.
 */
import { FloodGuard } from "@/lib/race/flood-guard";
import type { AppContext } from "../context";
import { raceError } from "../race/errors";
import { roomNames } from "./channel";
import { onRequest, type AppSocket } from "./handler";

export function registerRace(socket: AppSocket, ctx: AppContext): void {
  const races = ctx.services.races;
  const guard = new FloodGuard(races.options.flood, ctx.clock.now());
  // Bytes as they came over the wire (the parsed payload no longer tells its size).
  let bytes = 0;
  socket.conn.on("packet", (packet: { type: string; data?: unknown }) => {
    if (packet.type === "message" && typeof packet.data === "string") bytes += packet.data.length;
  });

  function admit(epochs: number): void {
    const verdict = guard.admit(ctx.clock.now(), epochs, bytes);
    bytes = 0;
    if (verdict === "ok") return;
    if (verdict === "disconnect") {
      ctx.logger.warn("race: flooding socket disconnected", { userId: socket.data.userId });
      // After the ack below has gone out.
      setImmediate(() => socket.disconnect(true));
    }
    throw raceError("throttled");
  }

  onRequest(socket, ctx, "race:list", async ({ classroomId }) => {
    admit(0);
    return { races: await races.list(socket.data.userId, classroomId) };
  });
  onRequest(socket, ctx, "race:create", async ({ classroomId, name, rules }) => {
    admit(0);
    return { race: await races.create(socket.data.userId, classroomId, name, rules) };
  });
  onRequest(socket, ctx, "race:start", async ({ raceId, countdownSec }) => {
    admit(0);
    const race = await races.rulesOf(raceId);
    const timeLimitMs = race.budget.timeLimitSec === null ? null : race.budget.timeLimitSec * 1000;
    return { race: await races.control(socket.data.userId, raceId, { type: "start", countdownMs: countdownSec * 1000, timeLimitMs }) };
  });
  for (const type of ["pause", "resume", "end"] as const) {
    onRequest(socket, ctx, `race:${type}`, async ({ raceId }) => {
      admit(0);
      return { race: await races.control(socket.data.userId, raceId, { type }) };
    });
  }
  onRequest(socket, ctx, "race:extend", async ({ raceId, seconds }) => {
    admit(0);
    return { race: await races.control(socket.data.userId, raceId, { type: "extend", byMs: seconds * 1000 }) };
  });
  onRequest(socket, ctx, "race:state", async ({ raceId }) => {
    admit(0);
    const state = await races.state(socket.data.userId, raceId);
    await socket.join(roomNames.race(raceId));
    return state;
  });

  onRequest(socket, ctx, "run:start", async ({ raceId, config, backend, device }) => {
    admit(0);
    // Watching the room is race:state's job (pages call it first); a sender that only sends receives no ticks.
    return { run: await races.startRun(socket.data.userId, raceId, config, backend, device) };
  });
  onRequest(socket, ctx, "run:snapshot", async ({ runId, snapshots }) => {
    admit(snapshots.length);
    return races.snapshots(socket.data.userId, runId, snapshots);
  });
  onRequest(socket, ctx, "run:resume", async ({ runId }) => {
    admit(0);
    return races.resume(socket.data.userId, runId);
  });
  onRequest(socket, ctx, "run:rollout", async ({ runId, ...rollout }) => {
    admit(1);
    await races.rollout(socket.data.userId, runId, rollout);
    return {};
  });
  onRequest(socket, ctx, "run:finish", async ({ runId, status, msPerEpoch, backend }) => {
    admit(0);
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
