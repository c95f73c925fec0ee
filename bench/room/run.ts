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
import { fork, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { connectRealtime, request } from "@/app/_lib/realtime";
import { DEFAULT_TRAINING_CONFIG } from "@/lib/ml/config";
import { DEFAULT_RACE_RULES, raceTrainingConfig } from "@/lib/race/rules";
import { openDatabase } from "@/server/persistence/database";
import { createPostgresDatabase } from "@/test/support/databases";
import { startChildServer, type ChildServer } from "@/test/support/child-server";
import { ApiClient } from "@/test/support/server";
import type { ObserverJob, ObserverResult, StudentJob, StudentResult } from "./messages";

const here = path.dirname(fileURLToPath(import.meta.url));
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

function cpuSeconds(pid: number): number {
  // /proc/<pid>/stat: fields 14 and 15 are utime and stime in clock ticks (100 per second on Linux).
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function child<T>(file: string, job: unknown): { process: ChildProcess; result: Promise<T> } {
  const proc = fork(path.join(here, file), [], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const result = new Promise<T>((resolve, reject) => {
    proc.once("message", (m) => resolve(m as T));
    proc.once("exit", (code) => reject(new Error(`${file} exited with ${code} before reporting`)));
  });
  proc.send(job as object);
  return { process: proc, result };
}

async function post(client: ApiClient, pathname: string, body: unknown): Promise<unknown> {
  const response = await client.post(pathname, body);
  if (!response.body.ok) throw new Error(`${pathname}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.data;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "lr-bench-room-"));
  const pg = option("database") ? null : nodes > 1 ? await createPostgresDatabase() : null;
  const databaseUrl = option("database") ?? pg?.url ?? `file:${path.join(dataDir, "bench.db")}`;
  const env: Record<string, string> = {
    DATABASE_URL: databaseUrl,
    DATA_DIR: dataDir,
    SESSION_SECRET: randomBytes(32).toString("hex"),
    BENCH_SCRYPT_N: "1024",
    BENCH_LOOSE_RATES: "1",
    LOG_LEVEL: "error",
    ...(redisUrl && nodes > 1 ? { REDIS_URL: redisUrl, REDIS_PREFIX: `lr-bench-${randomBytes(3).toString("hex")}:` } : {}),
  };
  const servers: ChildServer[] = [];
  // One after the other: the first applies the migrations.
  // --profile DIR: V8 CPU profiles of the server processes (written when they stop).
  const profile = option("profile");
  for (let i = 0; i < nodes; i++) servers.push(await startChildServer(env, profile ? ["--cpu-prof", `--cpu-prof-dir=${profile}`] : []));
  const urls = servers.map((s) => s.url);
  log(`servers: ${urls.join(", ")} (${databaseUrl.split(":")[0]}${env.REDIS_URL ? " + redis" : ""})`);

  try {
    const teacherClient = new ApiClient(urls[0]!);
    await post(teacherClient, "/api/teachers", { email: `bench-${randomBytes(4).toString("hex")}@school.example`, password: "correct horse battery", displayName: "Bench" });
    const classroom = (await post(teacherClient, "/api/classrooms", { name: "Bench" })) as { classroom: { id: string; joinCode: string } };
    const { id: classroomId, joinCode } = classroom.classroom;
    const teacher = { cookie: teacherClient.cookieHeader() };
    const teacherSocket = connectRealtime({ url: urls[0]!, headers: { cookie: teacher.cookie } });
    const epochsPlanned = Math.ceil(rate * (seconds + 5));
    const rules = { ...DEFAULT_RACE_RULES, budget: { maxEpochs: Math.min(5000, epochsPlanned), timeLimitSec: null } };
    const created = await request(teacherSocket, "race:create", { classroomId, name: "Bench", rules });
    if (!created.ok) throw new Error(JSON.stringify(created.error));
    const raceId = created.data.race.id;
    const started = await request(teacherSocket, "race:start", { raceId, countdownSec: 0 });
    if (!started.ok) throw new Error(JSON.stringify(started.error));

    log(`signing up ${students} students…`);
    const studentCookies: { url: string; cookie: string }[] = [];
    for (let i = 0; i < students; i += 20) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(20, students - i) }, async (_, j) => {
          const client = new ApiClient(urls[(i + j) % nodes]!);
          await post(client, "/api/join", { code: joinCode, displayName: `Student ${i + j + 1}`, password: "bench-pass-42" });
          return { url: client.baseUrl, cookie: client.cookieHeader() };
        }),
      );
      studentCookies.push(...batch);
    }
    const base = DEFAULT_TRAINING_CONFIG;
    const config = raceTrainingConfig(rules, { ...base, epochs: Math.min(5000, epochsPlanned), model: { ...base.model, hidden: 8 } });

    const setupMs = 3000 + students * 15;
    const startAt = Date.now() + setupMs;
    const stopAt = startAt + seconds * 1000;
    const observers = servers.map((s) => child<ObserverResult>("observer.ts", { kind: "observer", url: s.url, cookie: teacher.cookie, raceId, stopAt: stopAt + 3000 } satisfies ObserverJob));
    const per = Math.ceil(students / studentProcesses);
    const studentJobs = Array.from({ length: studentProcesses }, (_, p) =>
      child<StudentResult>("student.ts", { kind: "students", students: studentCookies.slice(p * per, (p + 1) * per), raceId, rate, startAt, stopAt, config, watch } satisfies StudentJob),
    );
    await new Promise((r) => setTimeout(r, Math.max(0, startAt - Date.now())));
    const cpuStart = servers.map((s) => cpuSeconds(s.process.pid!));
    const wallStart = Date.now();
    await new Promise((r) => setTimeout(r, Math.max(0, stopAt - Date.now())));
    const cpuEnd = servers.map((s) => cpuSeconds(s.process.pid!));
    const wallMs = Date.now() - wallStart;
    log("sending stopped; waiting for the last acks and ticks…");
    const studentResults = await Promise.all(studentJobs.map((j) => j.result));
    const observerResults = await Promise.all(observers.map((o) => o.result));

    await request(teacherSocket, "race:end", { raceId });
    teacherSocket.disconnect();
    // A graceful stop writes every buffered epoch; lost epochs are counted against what is durable.
    for (const s of servers) await s.stop();

    const runs = studentResults.flatMap((r) => r.runs);
    const latencies: number[] = [];
    // With several processes: epochs sent to the observer's own process, and to another one.
    const local: number[] = [];
    const remote: number[] = [];
    for (const o of observerResults) {
      for (const run of runs) {
        const seen = o.seenAt[run.runId] ?? [];
        run.emittedAt.forEach((t, i) => {
          if (!seen[i]) return;
          latencies.push(seen[i]! - t);
          (run.url === o.url ? local : remote).push(seen[i]! - t);
        });
      }
    }
    for (const list of [latencies, local, remote]) list.sort((a, b) => a - b);
    const acks = runs.flatMap((r) => r.ackMs).sort((a, b) => a - b);
    const database = await openDatabase(databaseUrl);
    let lostEpochs = 0;
    let emitted = 0;
    try {
      for (const run of runs) {
        emitted += run.emittedAt.length;
        const stored = (await database.repositories.runs.readCurve(run.runId)).length;
        lostEpochs += Math.max(0, run.emittedAt.length - stored);
      }
    } finally {
      await database.close();
    }
    const ticks = observerResults.map((o) => o.ticks / Math.max(1, (o.lastTickAt - o.firstTickAt) / 1000));
    const result = {
      bench: "room",
      students,
      rate,
      seconds,
      nodes,
      studentsWatch: watch,
      p50Ms: Math.round(percentile(latencies, 50)),
      p99Ms: Math.round(percentile(latencies, 99)),
      maxMs: Math.round(latencies[latencies.length - 1] ?? Number.NaN),
      // Emit → ack on the student: the server's request handling alone, without waiting for a tick.
      ackP50Ms: Math.round(percentile(acks, 50)),
      ackP99Ms: Math.round(percentile(acks, 99)),
      ...(nodes > 1
        ? { sameNodeP99Ms: Math.round(percentile(local, 99)), otherNodeP50Ms: Math.round(percentile(remote, 50)), otherNodeP99Ms: Math.round(percentile(remote, 99)) }
        : {}),
      ticksPerSecond: Math.round((ticks.reduce((a, b) => a + b, 0) / ticks.length) * 10) / 10,
      lostEpochs,
      emittedEpochs: emitted,
      unseenByObservers: observerResults.reduce((n, o) => n + runs.reduce((m, r) => m + r.emittedAt.filter((_, i) => !(o.seenAt[r.runId]?.[i])).length, 0), 0),
      refusedRequests: runs.reduce((n, r) => n + r.refused, 0),
      serverCpuPct: Math.round((cpuEnd.reduce((a, c, i) => a + (c - cpuStart[i]!), 0) / (wallMs / 1000)) * 100),
      database: databaseUrl.split(":")[0],
      machine: { cpus: cpus().length, model: cpus()[0]?.model, memGb: Math.round(totalmem() / 2 ** 30) },
    };
    console.log(JSON.stringify(result));
  } finally {
    for (const s of servers) await s.kill();
    await pg?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
process.exit(0);
