/**
 * Two mirrored race processes under a hostile network: students train on either process and move between them
 * (reconnecting elsewhere), checkpoints are verified on either, and every message between the processes is delayed,
 * duplicated or reordered at random — ticks (volatile) are also dropped. Once the traffic stops and messages are
 * delivered, both processes must answer the same full state (runs, statuses, curves, scores), storage must hold
 * every epoch each student sent, exactly once, and both must serve the same standings.
 */
import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { createRng, type Rng } from "@/lib/random";
import type { RunView } from "@/lib/race/views";
import type { AppError } from "@/server/errors";
import { getBoard } from "@/server/scoring/boards";
import { epochs, TEST_RULES, testConfig } from "../../support/race";
import { startRaceCore, type RaceCore } from "../../support/race-core";

interface Student {
  userId: string;
  process: number;
  runId: string | null;
  /** Epochs trained so far in the current run, and how many the server acknowledged. */
  trained: number;
  acked: number;
  planned: number;
  /** Everything each run sent and had acknowledged: runId → last epoch acknowledged. */
  sent: Map<string, number>;
}

let core: RaceCore | null = null;
afterEach(async () => {
  await core?.close();
  core = null;
});

const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng.next() * items.length)]!;

async function fuzz(seed: number): Promise<void> {
  const rng = createRng(seed);
  core = await startRaceCore({ processes: 2, students: 4, rules: TEST_RULES, hubMode: "manual" });
  const c = core;
  const { races: first } = c.processes[0]!;
  await first.control(c.teacherId, c.race.id, { type: "start", countdownMs: 0, timeLimitMs: null });
  // A page on each process watches the race (loads it there).
  for (const p of c.processes) await p.races.state(c.teacherId, c.race.id);
  const repos = c.processes[0]!.server.database.repositories;
  const students: Student[] = c.studentIds.map((userId, i) => ({ userId, process: i % 2, runId: null, trained: 0, acked: 0, planned: 0, sent: new Map() }));

  const on = (s: Student) => c.processes[s.process]!.races;

  async function send(s: Student): Promise<void> {
    if (!s.runId || s.acked >= s.trained) return;
    try {
      const { lastEpoch } = await on(s).snapshots(s.userId, s.runId, epochs(s.acked + 1, s.trained));
      if (process.env.FUZZ_DEBUG) process.stderr.write(`  sent ${s.acked + 1}..${s.trained} to ${s.process}: lastEpoch ${lastEpoch}\n`);
      s.acked = Math.max(s.acked, lastEpoch);
    } catch (error) {
      // A gap (the process took the run over from an older durable epoch): ask how far it is, as the uplink does.
      if ((error as AppError).options?.reason !== "epoch_gap") throw error;
      s.acked = Math.min(s.trained, (await on(s).resume(s.userId, s.runId)).lastEpoch);
      if (process.env.FUZZ_DEBUG) process.stderr.write(`  gap; resumed at ${s.acked}\n`);
    }
    s.sent.set(s.runId, s.acked);
  }

  for (let step = 0; step < 400; step++) {
    const s = pick(rng, students);
    const roll = rng.next();
    if (process.env.FUZZ_DEBUG) process.stderr.write(`${[step, roll.toFixed(2), s.userId.slice(0, 4), s.process, s.runId?.slice(0, 4), s.trained, s.acked, c.hub.inFlight.length].join(" ")}\n`);
    if (roll < 0.1) {
      const planned = 5 + Math.floor(rng.next() * 30);
      const { runId } = await on(s).startRun(s.userId, c.race.id, testConfig(TEST_RULES, planned), null, null);
      Object.assign(s, { runId, trained: 0, acked: 0, planned });
      s.sent.set(runId, 0);
    } else if (roll < 0.45) {
      if (s.runId) s.trained = Math.min(s.planned, s.trained + 1 + Math.floor(rng.next() * 4));
      await send(s);
    } else if (roll < 0.52 && s.runId) {
      // The student's connection moves to the other process: resume there and re-send from the durable epoch.
      s.process = 1 - s.process;
      const resumed = await on(s).resume(s.userId, s.runId);
      if (resumed.status === "running") s.acked = Math.min(s.trained, resumed.lastEpoch);
      else s.runId = null;
    } else if (roll < 0.57 && s.runId) {
      s.trained = s.planned;
      while (s.acked < s.trained) await send(s);
      await on(s).finish(s.userId, s.runId, "finished", 3);
      s.runId = null;
    } else if (roll < 0.62 && s.runId) {
      // A checkpoint of the student's run, verified on either process (the board reads it from storage).
      await repos.checkpoints.create({
        id: randomUUID(),
        raceId: c.race.id,
        runId: s.runId,
        userId: s.userId,
        createdAt: new Date(c.time.now()),
        epoch: s.acked,
        publicScore: Math.round(rng.next() * 1000) / 1000,
      });
    } else if (roll < 0.85 && c.hub.inFlight.length > 0) {
      const index = Math.floor(rng.next() * c.hub.inFlight.length);
      const message = c.hub.inFlight[index]!.message;
      if (message.type === "tick" && rng.next() < 0.3) c.hub.drop(index);
      else c.hub.deliver(index, rng.next() < 0.2);
    } else {
      await c.time.advance(50 + Math.floor(rng.next() * 500));
    }
  }

  // The teacher ends the race; then the network delivers everything, and time passes for writes and repairs.
  await pick(rng, c.processes).races.control(c.teacherId, c.race.id, { type: "end" });
  for (let round = 0; round < 20; round++) {
    c.hub.deliverAll();
    await c.time.advance(1000);
  }
  c.hub.deliverAll();
  await c.time.advance(10_000);

  const [a, b] = await Promise.all(c.processes.map((p) => p.races.state(c.teacherId, c.race.id)));
  const comparable = (runs: RunView[]) =>
    runs
      .map((r) => ({ runId: r.runId, status: r.status, lastEpoch: r.lastEpoch, epochs: r.points.map((p) => p[0]) }))
      .sort((x, y) => (x.runId < y.runId ? -1 : 1));
  if (process.env.FUZZ_DEBUG) {
    const ca = comparable(a!.runs);
    const cb = comparable(b!.runs);
    ca.forEach((x, i) => {
      if (JSON.stringify(x) !== JSON.stringify(cb[i])) {
        const owned = c.processes.map((p) => (p.races as unknown as { registry: { get(id: string): { room: { get(r: string): { owned: boolean } } } } }).registry.get(c.race.id).room.get(x.runId)?.owned);
        void repos.runs.readCurve(x.runId).then((curve) => console.log("DIFF", JSON.stringify(x), JSON.stringify(cb[i]), "stored", curve.length, "owned", owned));
      }
    });
  }
  expect(comparable(b!.runs)).toEqual(comparable(a!.runs));
  expect(a!.race.status).toBe("ended");
  expect(a!.runs.every((r) => r.status !== "running")).toBe(true);

  // Every epoch a student sent and had acknowledged is stored once, in order; nothing else is.
  for (const s of students) {
    for (const [runId, acked] of s.sent) {
      const stored = (await repos.runs.readCurve(runId)).map((p) => p.epoch);
      expect(stored.slice(0, acked)).toEqual(Array.from({ length: acked }, (_, i) => i + 1));
      expect(new Set(stored).size).toBe(stored.length);
      expect(a!.runs.find((r) => r.runId === runId)!.lastEpoch).toBe(stored.length);
    }
  }

  // Both processes serve the same boards: the standings everyone ranks by, computed from storage.
  const teacher = (await repos.users.findById(c.teacherId))!;
  const boards = await Promise.all(c.processes.map((p) => getBoard(p.server.handle.ctx, teacher, c.race.id, "public")));
  expect(boards[1]).toEqual(boards[0]);
  const ranked = boards[0]!.board.rows;
  expect(ranked.length + boards[0]!.board.unranked.length).toBe(students.length);
  expect(ranked.every((row) => row.source === "checkpoint" && a!.runs.some((r) => r.runId === row.runId))).toBe(true);
}

describe("two mirrored processes over a lossy, reordering network", () => {
  // FUZZ_SEEDS=100 npm run test:integration -- fuzz explores more interleavings than CI's five.
  const count = Number(process.env.FUZZ_SEEDS ?? 5);
  for (const seed of Array.from({ length: count }, (_, i) => i + 1)) {
    it(`converge to the same state, curves and standings (seed ${seed})`, () => fuzz(seed), 60_000);
  }
});
