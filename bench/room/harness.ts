/**
 * The race-room benchmark's harness, shared by bench:room and bench:race: the server as child processes (one, or
 * several sharing Redis and a throw-away PostgreSQL database), simulated students in child processes (real
 * socket.io-client sockets), each starting a run and sending R epochs a second for S seconds into one race, and
 * one observer per server process watching the ticks and the boards. With `checkpointEverySec`, every student
 * also uploads its run's weights as a verified checkpoint every period, as race pages do.
 */
import { fork, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { connectRealtime, request } from "@/app/_lib/realtime";
import { DEFAULT_TRAINING_CONFIG, type TrainingConfig } from "@/lib/ml/config";
import { DEFAULT_RACE_RULES, raceTrainingConfig, type RaceRules } from "@/lib/race/rules";
import { openDatabase } from "@/server/persistence/database";
import { createPostgresDatabase } from "@/test/support/databases";
import { startChildServer, type ChildServer } from "@/test/support/child-server";
import { ApiClient } from "@/test/support/server";
import type { ObserverJob, ObserverResult, StudentJob, StudentResult } from "./messages";

const here = path.dirname(fileURLToPath(import.meta.url));

export interface RoomBenchOptions {
  students: number;
  rate: number;
  seconds: number;
  nodes: number;
  redisUrl?: string;
  /** A database URL to use instead of a throw-away one. */
  database?: string;
  /** Students receive the ticks too, as real race pages do. */
  watch: boolean;
  studentProcesses: number;
  /** Writes the servers' V8 CPU profiles here. */
  profile?: string;
  /** Seconds between each student's verified checkpoints; none when null. */
  checkpointEverySec: number | null;
  /** Cells the students train, in turn (student i trains cells[i % length]). */
  cells: TrainingConfig["model"]["cell"][];
  hidden: number;
  log(line: string): void;
}

function cpuSeconds(pid: number): number {
  // /proc/<pid>/stat: fields 14 and 15 are utime and stime in clock ticks (100 per second on Linux).
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

export function percentile(sorted: readonly number[], p: number): number {
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

export async function runRoomBench(o: RoomBenchOptions) {
  const dataDir = mkdtempSync(path.join(tmpdir(), "lr-bench-room-"));
  const pg = o.database ? null : o.nodes > 1 ? await createPostgresDatabase() : null;
  const databaseUrl = o.database ?? pg?.url ?? `file:${path.join(dataDir, "bench.db")}`;
  const env: Record<string, string> = {
    DATABASE_URL: databaseUrl,
    DATA_DIR: dataDir,
    SESSION_SECRET: randomBytes(32).toString("hex"),
    BENCH_SCRYPT_N: "1024",
    BENCH_LOOSE_RATES: "1",
    LOG_LEVEL: "error",
    ...(o.redisUrl && o.nodes > 1 ? { REDIS_URL: o.redisUrl, REDIS_PREFIX: `lr-bench-${randomBytes(3).toString("hex")}:` } : {}),
  };
  const servers: ChildServer[] = [];
  // One after the other: the first applies the migrations.
  for (let i = 0; i < o.nodes; i++) servers.push(await startChildServer(env, o.profile ? ["--cpu-prof", `--cpu-prof-dir=${o.profile}`] : []));
  const urls = servers.map((s) => s.url);
  o.log(`servers: ${urls.join(", ")} (${databaseUrl.split(":")[0]}${env.REDIS_URL ? " + redis" : ""})`);
  const loadBefore = loadavg()[0]!;

  try {
    const teacherClient = new ApiClient(urls[0]!);
    await post(teacherClient, "/api/teachers", { email: `bench-${randomBytes(4).toString("hex")}@school.example`, password: "correct horse battery", displayName: "Bench" });
    const classroom = (await post(teacherClient, "/api/classrooms", { name: "Bench" })) as { classroom: { id: string; joinCode: string } };
    const { id: classroomId, joinCode } = classroom.classroom;
    const teacher = { cookie: teacherClient.cookieHeader() };
    const teacherSocket = connectRealtime({ url: urls[0]!, headers: { cookie: teacher.cookie } });
    const epochsPlanned = Math.ceil(o.rate * (o.seconds + 5));
    const rules: RaceRules = {
      ...DEFAULT_RACE_RULES,
      budget: { maxEpochs: Math.min(5000, epochsPlanned), timeLimitSec: null },
      ...(o.checkpointEverySec !== null ? { checkpointEverySec: o.checkpointEverySec } : {}),
    };
    const created = await request(teacherSocket, "race:create", { classroomId, name: "Bench", rules });
    if (!created.ok) throw new Error(JSON.stringify(created.error));
    const raceId = created.data.race.id;
    const started = await request(teacherSocket, "race:start", { raceId, countdownSec: 0 });
    if (!started.ok) throw new Error(JSON.stringify(started.error));

    o.log(`signing up ${o.students} students…`);
    const studentCookies: { url: string; cookie: string; config: TrainingConfig }[] = [];
    for (let i = 0; i < o.students; i += 20) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(20, o.students - i) }, async (_, j) => {
          const n = i + j;
          const client = new ApiClient(urls[n % o.nodes]!);
          await post(client, "/api/join", { code: joinCode, displayName: `Student ${n + 1}`, password: "bench-pass-42" });
          await client.ensureCsrf();
          const base = DEFAULT_TRAINING_CONFIG;
          const config = raceTrainingConfig(rules, { ...base, epochs: Math.min(5000, epochsPlanned), model: { ...base.model, cell: o.cells[n % o.cells.length]!, hidden: o.hidden } });
          return { url: client.baseUrl, cookie: client.cookieHeader(), config };
        }),
      );
      studentCookies.push(...batch);
    }

    const setupMs = 3000 + o.students * 15;
    const startAt = Date.now() + setupMs;
    const stopAt = startAt + o.seconds * 1000;
    const observers = servers.map((s) =>
      child<ObserverResult>("observer.ts", { kind: "observer", url: s.url, cookie: teacher.cookie, raceId, classroomId, stopAt: stopAt + 3000 } satisfies ObserverJob),
    );
    const per = Math.ceil(o.students / o.studentProcesses);
    const studentJobs = Array.from({ length: o.studentProcesses }, (_, p) =>
      child<StudentResult>("student.ts", {
        kind: "students",
        students: studentCookies.slice(p * per, (p + 1) * per),
        raceId,
        rate: o.rate,
        startAt,
        stopAt,
        watch: o.watch,
        checkpointEverySec: o.checkpointEverySec,
      } satisfies StudentJob),
    );
    await new Promise((r) => setTimeout(r, Math.max(0, startAt - Date.now())));
    const cpuStart = servers.map((s) => cpuSeconds(s.process.pid!));
    const wallStart = Date.now();
    await new Promise((r) => setTimeout(r, Math.max(0, stopAt - Date.now())));
    const cpuEnd = servers.map((s) => cpuSeconds(s.process.pid!));
    const wallMs = Date.now() - wallStart;
    const loadDuring = loadavg()[0]!;
    o.log("sending stopped; waiting for the last acks, checkpoints and ticks…");
    const studentResults = await Promise.all(studentJobs.map((j) => j.result));
    const observerResults = await Promise.all(observers.map((obs) => obs.result));

    await request(teacherSocket, "race:end", { raceId });
    teacherSocket.disconnect();
    // A graceful stop writes every buffered epoch; lost epochs are counted against what is durable.
    for (const s of servers) await s.stop();
    const loopDelays = servers.flatMap((s) => s.reports()).flatMap((r) => ((r as { eventLoopDelayMs?: { p99: number } }).eventLoopDelayMs ? [(r as { eventLoopDelayMs: { p99: number; max: number } }).eventLoopDelayMs] : []));

    const runs = studentResults.flatMap((r) => r.runs);
    const latencies: number[] = [];
    // With several processes: epochs sent to the observer's own process, and to another one.
    const local: number[] = [];
    const remote: number[] = [];
    for (const obs of observerResults) {
      for (const run of runs) {
        const seen = obs.seenAt[run.runId] ?? [];
        run.emittedAt.forEach((t, i) => {
          if (!seen[i]) return;
          latencies.push(seen[i]! - t);
          (run.url === obs.url ? local : remote).push(seen[i]! - t);
        });
      }
    }
    // Checkpoint freshness: from an upload's send to the first board, at an observer, ranking its run by it.
    const freshness: number[] = [];
    let unseenCheckpoints = 0;
    const checkpoints = runs.flatMap((r) => r.checkpoints.map((c) => ({ ...c, runId: r.runId })));
    for (const c of checkpoints) {
      if (c.verifiedAt === null) continue;
      for (const obs of observerResults) {
        const seen = (obs.boardSeen[c.runId] ?? []).find(([verifiedAt]) => verifiedAt >= c.verifiedAt!);
        if (seen) freshness.push(seen[1] - c.sentAt);
        else unseenCheckpoints += 1;
      }
    }
    for (const list of [latencies, local, remote, freshness]) list.sort((a, b) => a - b);
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
    const ticks = observerResults.map((obs) => obs.ticks / Math.max(1, (obs.lastTickAt - obs.firstTickAt) / 1000));
    const statuses: Record<string, number> = {};
    for (const c of checkpoints) statuses[c.status] = (statuses[c.status] ?? 0) + 1;
    return {
      students: o.students,
      rate: o.rate,
      seconds: o.seconds,
      nodes: o.nodes,
      studentsWatch: o.watch,
      p50Ms: Math.round(percentile(latencies, 50)),
      p99Ms: Math.round(percentile(latencies, 99)),
      maxMs: Math.round(latencies[latencies.length - 1] ?? Number.NaN),
      // Emit → ack on the student: the server's request handling alone, without waiting for a tick.
      ackP50Ms: Math.round(percentile(acks, 50)),
      ackP99Ms: Math.round(percentile(acks, 99)),
      ...(o.nodes > 1
        ? { sameNodeP99Ms: Math.round(percentile(local, 99)), otherNodeP50Ms: Math.round(percentile(remote, 50)), otherNodeP99Ms: Math.round(percentile(remote, 99)) }
        : {}),
      ticksPerSecond: Math.round((ticks.reduce((a, b) => a + b, 0) / ticks.length) * 10) / 10,
      lostEpochs,
      emittedEpochs: emitted,
      unseenByObservers: observerResults.reduce((n, obs) => n + runs.reduce((m, r) => m + r.emittedAt.filter((_, i) => !obs.seenAt[r.runId]?.[i]).length, 0), 0),
      refusedRequests: runs.reduce((n, r) => n + r.refused, 0),
      ...(o.checkpointEverySec !== null
        ? {
            checkpointEverySec: o.checkpointEverySec,
            cells: o.cells,
            hidden: o.hidden,
            checkpointFreshnessP50Ms: Math.round(percentile(freshness, 50)),
            checkpointFreshnessP99Ms: Math.round(percentile(freshness, 99)),
            scoredCheckpoints: statuses["201"] ?? 0,
            checkpointAnswers: statuses,
            checkpointsNotOnABoard: unseenCheckpoints,
          }
        : {}),
      eventLoopLagP99Ms: loopDelays.length ? Math.max(...loopDelays.map((d) => d.p99)) : null,
      eventLoopLagMaxMs: loopDelays.length ? Math.max(...loopDelays.map((d) => (d as { max: number }).max)) : null,
      serverCpuPct: Math.round((cpuEnd.reduce((a, c, i) => a + (c - cpuStart[i]!), 0) / (wallMs / 1000)) * 100),
      database: databaseUrl.split(":")[0],
      machine: { cpus: cpus().length, model: cpus()[0]?.model, memGb: Math.round(totalmem() / 2 ** 30), loadAverageBefore: loadBefore, loadAverageDuring: loadDuring },
    };
  } finally {
    for (const s of servers) await s.kill();
    await pg?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
