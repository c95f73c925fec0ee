/**
 * bench:room child: simulated students, each a real socket.io-client socket signed in as a student. Each starts a
 * run, then emits one epoch every 1/rate s (all epochs not yet acknowledged go in the next batch, as the race
 * page's uplink does), and records when each epoch was first emitted. With a checkpoint period (bench:race),
 * each also uploads its run's weights (the architecture's initial weights: scoring costs the same) every period,
 * one at a time, as the race page does, and records when each was sent and what the server answered.
 */
import { request, connectRealtime, type RealtimeSocket } from "@/app/_lib/realtime";
import type { TrainingConfig } from "@/lib/ml/config";
import { initialParamValues } from "@/lib/ml/model";
import { encodeWeights } from "@/lib/ml/weights-format";
import type { StudentJob, StudentResult } from "./messages";

process.once("message", (job: StudentJob) => void run(job).then((result) => process.send!(result, () => process.exit(0))));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

async function run(job: StudentJob): Promise<StudentResult> {
  const sockets: RealtimeSocket[] = [];
  const runs = await Promise.all(
    job.students.map(async (student) => {
      const socket = connectRealtime({ url: student.url, headers: { cookie: student.cookie } });
      sockets.push(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once("connect", () => resolve());
        socket.once("connect_error", reject);
      });
      if (job.watch) {
        const state = await request(socket, "race:state", { raceId: job.raceId });
        if (!state.ok) throw new Error(`race:state refused: ${JSON.stringify(state.error)}`);
      }
      const config = student.config as TrainingConfig;
      const started = await request(socket, "run:start", { raceId: job.raceId, config, backend: "bench", device: "bench" });
      if (!started.ok) throw new Error(`run:start refused: ${JSON.stringify(started.error)}`);
      const checkpoints: StudentResult["runs"][number]["checkpoints"] = [];
      return { socket, student, config, url: student.url, runId: started.data.run.runId, emittedAt: [] as number[], ackMs: [] as number[], acked: 0, refused: 0, inFlight: false, checkpoints };
    }),
  );
  const intervalMs = 1000 / job.rate;
  const checkpointing = runs.map((r, i) => (job.checkpointEverySec === null ? Promise.resolve() : sendCheckpoints(job, r, i / runs.length)));
  await Promise.all(
    runs.map(async (r, i) => {
      // Spread the students over the interval, as real laptops are not in phase.
      let next = job.startAt + (i / runs.length) * intervalMs;
      while (next < job.stopAt) {
        await sleep(next - Date.now());
        next += intervalMs;
        const now = Date.now();
        r.emittedAt.push(now);
        if (r.inFlight) continue; // the next send carries it
        r.inFlight = true;
        void (async () => {
          while (r.acked < r.emittedAt.length) {
            const from = r.acked + 1;
            const to = r.emittedAt.length;
            const snapshots = [];
            for (let e = from; e <= to; e++) snapshots.push({ epoch: e, trainLoss: 1 / e, valLoss: 1.1 / e, msPerEpoch: intervalMs });
            const sentAt = Date.now();
            const result = await request(r.socket, "run:snapshot", { runId: r.runId, snapshots });
            r.ackMs.push(Date.now() - sentAt);
            if (result.ok) r.acked = Math.max(r.acked, result.data.lastEpoch);
            else {
              r.refused += 1;
              await sleep(50);
            }
          }
          r.inFlight = false;
        })();
      }
      // Let the last sends finish.
      const deadline = Date.now() + 10_000;
      while (r.acked < r.emittedAt.length && Date.now() < deadline) await sleep(20);
    }),
  );
  await Promise.all(checkpointing);
  for (const s of sockets) s.disconnect();
  return { kind: "students", runs: runs.map(({ runId, url, emittedAt, ackMs, acked, refused, checkpoints }) => ({ runId, url, emittedAt, ackMs, acked, refused, checkpoints })) };
}

/** The race page's checkpoint loop: every period (phase-shifted per student), one upload at a time. */
async function sendCheckpoints(
  job: StudentJob,
  r: { student: { url: string; cookie: string }; config: TrainingConfig; runId: string; emittedAt: number[]; checkpoints: StudentResult["runs"][number]["checkpoints"] },
  phase: number,
): Promise<void> {
  const periodMs = job.checkpointEverySec! * 1000;
  const weights = encodeWeights(r.config, initialParamValues(r.config.model, 1));
  const csrf = decodeURIComponent(/(?:^|; )lr_csrf=([^;]*)/.exec(r.student.cookie)?.[1] ?? "");
  let next = job.startAt + phase * periodMs;
  while (next < job.stopAt) {
    await sleep(next - Date.now());
    const sentAt = Date.now();
    const response = await fetch(`${r.student.url}/api/races/${job.raceId}/runs/${r.runId}/checkpoints?epoch=${Math.max(1, r.emittedAt.length)}`, {
      method: "POST",
      headers: { cookie: r.student.cookie, "x-csrf-token": csrf, "content-type": "application/octet-stream" },
      body: weights as unknown as BodyInit,
    });
    const answer = (await response.json()) as { ok: boolean; data?: { verifiedAt: number } };
    r.checkpoints.push({ sentAt, status: response.status, verifiedAt: answer.ok ? answer.data!.verifiedAt : null });
    // The next period counts from this one's send, as on the page.
    next = Math.max(next + periodMs, sentAt + periodMs);
  }
}
