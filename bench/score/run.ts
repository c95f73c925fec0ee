/**
 * npm run bench:score [-- --json] — how fast the server verifies uploaded weights, in one run:
 *  1. verified scorings per second on one core (this thread) for RNN, LSTM and GRU with hidden 64 on the seed
 *     race (DEFAULT_RACE_RULES: noisy cosine, window 30, 30 hidden points): the scorer's layer (fused kernel)
 *     and the plain-ops layer as the named baseline;
 *  2. the worst legal rules (lib/scoring/cost): one full verification of the largest model the rules allow, for
 *     rules at the edge of the scoring budget (the seed lesson's 3 × 256 LSTM, and the issue's 600/150/150 race
 *     with the largest max hidden size it accepts), with the cost model's multiply-adds beside the time;
 *  3. a class uploading at once: the real server (own process, its worker pool) scores 30 LSTM submissions sent
 *     together over HTTP while 30 students' sockets sit in the room receiving the board broadcasts; reports the
 *     total time and the server's event-loop delay p99 during it.
 * Prints JSON lines; the last is { cell: "LSTM", submissions: 30, totalMs, eventLoopLagP99Ms }. Without --json,
 * a short summary follows. Timings on shared machines are noisy: compare within one run.
 */
import { fork } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as tf from "@tensorflow/tfjs";
import { request } from "@/app/_lib/realtime";
import { generateRaceSeries } from "@/lib/data/continuation";
import { withOverrides } from "@/lib/ml/config";
import { OPS_IMPLEMENTATION, type LayerImplementation } from "@/lib/ml/implementations";
import { initialParamValues } from "@/lib/ml/model";
import type { CellType } from "@/lib/ml/recurrent";
import { encodeWeights } from "@/lib/ml/weights-format";
import { DEFAULT_RACE_RULES, RaceRulesSchema, type RaceRules } from "@/lib/race/rules";
import { largestAffordableHidden, largestAllowedModel, SCORING_COST_BUDGET, worstScoringCost } from "@/lib/scoring/cost";
import { prepareScoringData } from "@/lib/scoring/score";
import { verifySubmission } from "@/lib/scoring/verify";
import { openDatabase } from "@/server/persistence/database";
import { SCORING_BACKEND, SCORING_IMPLEMENTATION } from "@/server/scoring/layer";
import { aRace, aRun } from "@/test/support/records";
import { uploadWeights } from "@/test/support/scoring";
import { ApiClient, joinAsStudent, teacherWithClassroom } from "@/test/support/server";

const json = process.argv.includes("--json");
const CELLS: CellType[] = ["RNN", "LSTM", "GRU"];
const HIDDEN = 64;
const CLASS_SIZE = 30;
const rules: RaceRules = { ...DEFAULT_RACE_RULES, maxHidden: HIDDEN };
const lines: Record<string, unknown>[] = [];
const print = (line: Record<string, unknown>) => {
  lines.push(line);
  console.log(JSON.stringify(line));
};

const configFor = (cell: CellType) =>
  withOverrides({ model: { cell, hidden: HIDDEN }, dataset: rules.dataset, window: rules.window, validationFraction: rules.validationFraction, epochs: 100 });

/** Scorings per second in this thread, for at least `minMs` after a warm-up. */
function throughput(cell: CellType, implementation: LayerImplementation, minMs: number) {
  const config = configFor(cell);
  const data = prepareScoringData(generateRaceSeries({ dataset: rules.dataset, hiddenLength: rules.hiddenLength, hiddenSeed: 7 }), rules.window, rules.validationFraction);
  const files = Array.from({ length: 4 }, (_, i) => encodeWeights(config, initialParamValues(config.model, i)));
  const score = (i: number) => {
    const result = verifySubmission({ weights: files[i % files.length]!, runConfig: config, rules, data, layer: implementation.layer });
    if (!result.ok) throw new Error(result.message);
  };
  score(0);
  let count = 0;
  const start = performance.now();
  while (performance.now() - start < minMs) score(count++);
  const ms = performance.now() - start;
  return { msPerScoring: ms / count, scoringsPerSec: (count / ms) * 1000, count };
}

/** One verification of the largest model `worst` allows, timed (best of three after a warm-up). */
function worstLegal(name: string, worst: RaceRules) {
  const rules = RaceRulesSchema.parse(worst);
  const model = largestAllowedModel(rules);
  const config = withOverrides({ model, dataset: rules.dataset, window: rules.window, validationFraction: rules.validationFraction, epochs: 100 });
  const data = prepareScoringData(generateRaceSeries({ dataset: rules.dataset, hiddenLength: rules.hiddenLength, hiddenSeed: 7 }), rules.window, rules.validationFraction);
  const weights = encodeWeights(config, initialParamValues(config.model, 1));
  const once = () => {
    const start = performance.now();
    const result = verifySubmission({ weights, runConfig: config, rules, data, layer: SCORING_IMPLEMENTATION.layer });
    if (!result.ok) throw new Error(result.message);
    return performance.now() - start;
  };
  once();
  const ms = Math.min(once(), once(), once());
  const cost = worstScoringCost(rules);
  print({ bench: "worst-legal", rules: name, model: `${model.layers}x${model.hidden} ${model.cell}`, costMacs: cost, budgetShare: round(cost / SCORING_COST_BUDGET), msPerScoring: round(ms), gmacPerSec: round(cost / ms / 1e6) });
}

async function classUpload(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), "lr-bench-score-"));
  const databaseUrl = `file:${path.join(dir, "bench.db")}`;
  const child = fork(fileURLToPath(new URL("./server-process.ts", import.meta.url)), {
    env: { ...process.env, BENCH_DATABASE_URL: databaseUrl },
    execArgv: ["--import", "tsx", ...(process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [])],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const nextMessage = <T>() => new Promise<T>((resolve) => child.once("message", (m) => resolve(m as T)));
  const sockets: ReturnType<ApiClient["socket"]>[] = [];
  try {
    const { url, poolSize } = await nextMessage<{ url: string; poolSize: number }>();
    const room = await teacherWithClassroom(url, "Bench");
    const students = [];
    for (let i = 0; i < CLASS_SIZE; i++) students.push(await joinAsStudent(url, room.code, `Student ${i + 1}`));
    const db = await openDatabase(databaseUrl);
    const race = aRace(room.classroomId, room.userId, { rules, status: "running", hiddenSeed: 424242, endsAt: new Date(Date.now() + 3_600_000) });
    await db.repositories.races.create(race);
    const config = configFor("LSTM");
    const runs: string[] = [];
    for (const s of students) {
      const run = aRun(s.userId, { classroomId: room.classroomId, raceId: race.id, kind: "race", config, startedAt: new Date() });
      await db.repositories.runs.create(run);
      runs.push(run.id);
    }
    await db.close();
    // Everyone watches the board: each verified submission is broadcast to all 30 sockets.
    let broadcasts = 0;
    for (const s of students) {
      const socket = s.client.socket();
      sockets.push(socket);
      await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
      const entered = await request(socket, "room:enter", { classroomId: room.classroomId });
      if (!entered.ok) throw new Error(entered.error.message);
      socket.on("board:updated", () => broadcasts++);
    }
    const files = students.map((_, i) => encodeWeights(config, initialParamValues(config.model, i)));
    await Promise.all(students.map((s) => s.client.ensureCsrf()));

    // One upload first, as on a server that has been up for a while: it starts the workers' kernels and
    // compiles the database queries, so the measurement is the steady state a class meets.
    const warm = await uploadWeights(students[0]!.client, race.id, runs[0]!, files[0]!);
    if (warm.status !== 201) throw new Error(`warm-up upload failed: ${warm.text}`);
    child.send("reset");
    await nextMessage();
    const start = performance.now();
    const responses = await Promise.all(students.map((s, i) => uploadWeights(s.client, race.id, runs[i]!, files[i]!)));
    const totalMs = performance.now() - start;
    child.send("report");
    const lag = await nextMessage<{ p50Ms: number; p99Ms: number; maxMs: number }>();
    const failed = responses.filter((r) => r.status !== 201);
    if (failed.length) throw new Error(`${failed.length} uploads failed: ${failed[0]!.text}`);
    print({ bench: "class-upload", poolSize, cores: cpus().length, broadcastsReceived: broadcasts, eventLoopLagP50Ms: round(lag.p50Ms), eventLoopLagMaxMs: round(lag.maxMs) });
    print({ cell: "LSTM", submissions: CLASS_SIZE, totalMs: round(totalMs), eventLoopLagP99Ms: round(lag.p99Ms) });
  } finally {
    for (const socket of sockets) socket.disconnect();
    child.send("stop");
    await new Promise((resolve) => child.once("exit", resolve));
    rmSync(dir, { recursive: true, force: true });
  }
}

const round = (v: number) => Math.round(v * 100) / 100;

tf.enableProdMode();
await tf.setBackend(SCORING_BACKEND);
print({ bench: "machine", cpu: cpus()[0]?.model, cores: cpus().length, node: process.version, backend: SCORING_BACKEND, scorer: SCORING_IMPLEMENTATION.name });
for (const cell of CELLS) {
  for (const implementation of [SCORING_IMPLEMENTATION, OPS_IMPLEMENTATION]) {
    const r = throughput(cell, implementation, implementation === OPS_IMPLEMENTATION ? 1500 : 2500);
    print({ bench: "one-core", cell, hidden: HIDDEN, implementation: implementation.name, scoringsPerSec: round(r.scoringsPerSec), msPerScoring: round(r.msPerScoring), scorings: r.count });
  }
}
worstLegal("seed lesson (120 points, window 30, 30 hidden)", DEFAULT_RACE_RULES);
const heavy: RaceRules = { ...DEFAULT_RACE_RULES, dataset: { ...DEFAULT_RACE_RULES.dataset, length: 600 }, window: 150, hiddenLength: 150 };
worstLegal("600 points, window 150, 150 hidden, LSTM", { ...heavy, allowedCells: ["LSTM"], maxHidden: largestAffordableHidden({ ...heavy, allowedCells: ["LSTM"] }) });
worstLegal("600 points, window 150, 150 hidden, GRU", { ...heavy, allowedCells: ["GRU"], maxHidden: largestAffordableHidden({ ...heavy, allowedCells: ["GRU"] }) });
await classUpload();
if (!json) {
  const last = lines.at(-1) as { totalMs: number; eventLoopLagP99Ms: number };
  console.log(`\n30 LSTM submissions scored in ${last.totalMs} ms (goal < 2000), event-loop lag p99 ${last.eventLoopLagP99Ms} ms (goal < 50).`);
}
process.exit(0);
