/**
 * bench:room child: an observer (the projector, say) in the race room and its classroom's room. Records when each
 * epoch of each run first appears in a tick, how many ticks arrive, and when the public board first ranks each
 * run by each new verified score.
 */
import { connectRealtime, request } from "@/app/_lib/realtime";
import type { ObserverJob, ObserverResult } from "./messages";

process.once("message", (job: ObserverJob) => void run(job).then((result) => process.send!(result, () => process.exit(0))));

async function run(job: ObserverJob): Promise<ObserverResult> {
  const socket = connectRealtime({ url: job.url, headers: { cookie: job.cookie } });
  const seenAt: Record<string, number[]> = {};
  let ticks = 0;
  let firstTickAt = 0;
  let lastTickAt = 0;
  const boardSeen: Record<string, [number, number][]> = {};
  socket.on("board:updated", (board) => {
    if (board.raceId !== job.raceId || board.board.kind !== "public") return;
    const now = Date.now();
    for (const row of board.board.rows) {
      const seen = (boardSeen[row.runId] ??= []);
      if (seen.length === 0 || seen[seen.length - 1]![0] < row.verifiedAt) seen.push([row.verifiedAt, now]);
    }
  });
  socket.on("race:tick", (tick) => {
    const now = Date.now();
    ticks += 1;
    firstTickAt ||= now;
    lastTickAt = now;
    for (const delta of tick.runs) {
      const seen = (seenAt[delta.runId] ??= []);
      for (const [epoch] of delta.points) if (!seen[epoch - 1]) seen[epoch - 1] = now;
    }
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
  const state = await request(socket, "race:state", { raceId: job.raceId });
  if (!state.ok) throw new Error(`race:state refused: ${JSON.stringify(state.error)}`);
  const entered = await request(socket, "room:enter", { classroomId: job.classroomId });
  if (!entered.ok) throw new Error(`room:enter refused: ${JSON.stringify(entered.error)}`);
  await new Promise((r) => setTimeout(r, Math.max(0, job.stopAt - Date.now())));
  socket.disconnect();
  // Holes in the arrays become 0 in JSON (never seen).
  for (const key of Object.keys(seenAt)) seenAt[key] = Array.from(seenAt[key]!, (v) => v ?? 0);
  return { kind: "observer", url: job.url, seenAt, ticks, boardSeen, firstTickAt, lastTickAt };
}
