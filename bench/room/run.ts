/**
 * npm run bench:room -- --students N --rate R --seconds S [--nodes 2 --redis URL] [--database URL] [--json]
 *                        [--students-watch] [--processes P] [--profile DIR]
 *
 * A race room under load: N simulated students (real socket.io-client sockets, in separate child processes) each
 * send R epoch snapshots a second for S seconds into one race, while observers (one per server process) watch the
 * ticks. The server runs as child processes too (bench/room/server.ts): one, or several sharing Redis.
 *
 * Prints one JSON line { students, rate, nodes, p50Ms, p99Ms, ticksPerSecond, lostEpochs, serverCpuPct, … }:
 * latency is from a snapshot's emit (student process) to its first appearance in an observer's tick; lostEpochs
 * counts epochs emitted but missing from the stored curves once the servers have shut down; serverCpuPct is the
 * servers' CPU time over the sending window (summed over processes: 100 = one core).
 */
import { runRoomBench } from "./harness";
const args = process.argv.slice(2);
const option = (name: string, fallback?: string) => {
  const i = args.indexOf(`--${name}`);
  if (i >= 0 && args[i + 1] && !args[i + 1]!.startsWith("--")) return args[i + 1]!;
  const eq = args.find((a) => a.startsWith(`--${name}=`));
  return eq ? eq.slice(name.length + 3) : fallback;
};
const students = Number(option("students", "50"));
const rate = Number(option("rate", "10"));
const seconds = Number(option("seconds", "20"));
const nodes = Number(option("nodes", "1"));
const redisUrl = option("redis", nodes > 1 ? "redis://127.0.0.1:6379" : undefined);
const json = args.includes("--json");
/** Students receive the ticks too, as real race pages do (off by default: the simulated clients share this machine). */
const watch = args.includes("--students-watch");
const studentProcesses = Number(option("processes", String(Math.min(4, Math.max(1, Math.ceil(students / 75))))));
const log = (line: string) => {
  if (!json) console.error(line);
};

const result = await runRoomBench({
  students,
  rate,
  seconds,
  nodes,
  redisUrl,
  database: option("database"),
  watch,
  studentProcesses,
  profile: option("profile"),
  checkpointEverySec: null,
  cells: ["RNN"],
  hidden: 8,
  log,
});
console.log(JSON.stringify({ bench: "room", ...result }));
process.exit(0);
