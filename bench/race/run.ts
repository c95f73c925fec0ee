/**
 * npm run bench:race -- [--students N] [--rate R] [--seconds S] [--checkpoint-every SEC] [--nodes 2 --redis URL]
 *                        [--json]
 *
 * A live race at classroom scale, verified as it goes: bench:room's harness (bench/room/harness.ts) with every
 * student also uploading its run's weights as a checkpoint every period, which the server scores on the public
 * validation data and ranks on the live board. Defaults: 300 students × 10 epochs/s for 30 s, a checkpoint every
 * 10 s each, RNN/LSTM/GRU in turn at the lesson's size (hidden 64).
 *
 * Prints one JSON line with checkpointFreshnessP99Ms (upload sent → the observer's public board ranking the run by
 * it), p99Ms (epoch emitted → the observer's tick), eventLoopLagP99Ms (the servers' event-loop delay),
 * lostEpochs, scoredCheckpoints and serverCpuPct (100 = one core), among others.
 */
import { runRoomBench } from "../room/harness";

const args = process.argv.slice(2);
const option = (name: string, fallback?: string) => {
  const i = args.indexOf(`--${name}`);
  if (i >= 0 && args[i + 1] && !args[i + 1]!.startsWith("--")) return args[i + 1]!;
  const eq = args.find((a) => a.startsWith(`--${name}=`));
  return eq ? eq.slice(name.length + 3) : fallback;
};
const students = Number(option("students", "300"));
const nodes = Number(option("nodes", "1"));
const json = args.includes("--json");

const result = await runRoomBench({
  students,
  rate: Number(option("rate", "10")),
  seconds: Number(option("seconds", "30")),
  nodes,
  redisUrl: option("redis", nodes > 1 ? "redis://127.0.0.1:6379" : undefined),
  database: option("database"),
  watch: args.includes("--students-watch"),
  studentProcesses: Number(option("processes", String(Math.min(4, Math.max(1, Math.ceil(students / 75)))))),
  profile: option("profile"),
  checkpointEverySec: Number(option("checkpoint-every", "10")),
  cells: ["RNN", "LSTM", "GRU"],
  hidden: Number(option("hidden", "64")),
  log: (line) => {
    if (!json) console.error(line);
  },
});
console.log(JSON.stringify({ bench: "race", ...result }));
process.exit(0);
