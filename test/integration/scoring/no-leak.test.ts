/**
 * The hidden continuation never reaches a student before the reveal: every HTTP response and every Socket.IO
 * packet a student receives through a whole race (joining, entering the room, uploading, reading boards, the
 * other student's uploads, the refusals) is recorded and searched for the hidden points and the secret seed.
 * On uploaded data the held-back tail never reaches a student at all: not its values (as uploaded or as scaled
 * for training), not its times, not before the reveal nor after it.
 */
import * as tf from "@tensorflow/tfjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { request } from "@/app/_lib/realtime";
import { generateContinuation } from "@/lib/data/continuation";
import { uploadedRaceSeries } from "@/lib/data/source";
import type { TVisibleSeries } from "@/lib/api/datasets";
import { DEFAULT_TRAINING_CONFIG, type UploadedDatasetConfig } from "@/lib/ml/config";
import { raceTrainingConfig, RaceRulesSchema } from "@/lib/race/rules";
import type { TRaceBoard } from "@/lib/scoring/views";
import { createScoringPool, type ScoringPool } from "@/server/scoring/pool";
import { aRace, aRun } from "../../support/records";
import { closeAllSockets, connected, Inbox } from "../../support/realtime";
import { raceConfig, TEST_RULES, trainWeights, untrainedWeights, uploadWeights } from "../../support/scoring";
import { monthlyValues, uploaded, uploadRequest } from "../../support/datasets";
import { ApiClient, STUDENT_PASSWORD, startTestServer, teacherWithClassroom, type TestServer } from "../../support/server";

const HIDDEN_SEED = 2_061_472_913;
const hidden = Array.from(generateContinuation({ dataset: TEST_RULES.dataset, hiddenLength: TEST_RULES.hiddenLength, hiddenSeed: HIDDEN_SEED }));

/** Every number written in `text` that equals a hidden point (exactly as float32, or rounded to 6 digits), and the seed. */
function leaks(text: string): string[] {
  const found: string[] = [];
  if (text.includes(String(HIDDEN_SEED))) found.push("hidden seed");
  for (const literal of text.match(/-?\d+\.\d+(?:e[-+]?\d+)?/gi) ?? []) {
    const n = Number(literal);
    const hit = hidden.find((v) => Math.fround(n) === v || Math.abs(n - v) <= 5e-7 * Math.max(1, Math.abs(v)));
    if (hit !== undefined) found.push(`${literal} ≈ hidden point ${hit}`);
  }
  return found;
}

/** A student's browser: records the text of every HTTP response it receives. */
class RecordingClient extends ApiClient {
  readonly received: string[] = [];
  override async raw(...args: Parameters<ApiClient["raw"]>) {
    const response = await super.raw(...args);
    this.received.push(JSON.stringify(response.body), JSON.stringify([...response.headers]));
    return response;
  }
}

let server: TestServer;
let pool: ScoringPool;

beforeAll(async () => {
  await tf.setBackend("cpu");
  pool = createScoringPool({ size: 1 });
  server = await startTestServer({ deps: { services: { scoring: pool } } });
});
afterAll(async () => {
  closeAllSockets();
  await server?.close();
  await pool?.close();
});

describe("hidden data confidentiality", () => {
  it("the detector finds a hidden point or the seed when they are there", () => {
    expect(leaks(JSON.stringify({ values: hidden.slice(3, 4) }))).toHaveLength(1);
    expect(leaks(JSON.stringify({ v: Number(hidden[7]!.toPrecision(6)) }))).toHaveLength(1);
    expect(leaks(`{"seed":${HIDDEN_SEED}}`)).toEqual(["hidden seed"]);
    expect(leaks(JSON.stringify({ score: 0.123456789, rank: 1 }))).toEqual([]);
  });

  it("no HTTP response or socket packet to a student carries the hidden series or its seed before the reveal", async () => {
    // Trained first: training blocks this process (and the in-process server) for seconds, and a keep-alive
    // connection left idle across that block is closed by the server just as the client reuses it.
    const config = raceConfig(TEST_RULES);
    const trained = await trainWeights(config);
    const room = await teacherWithClassroom(server.url, "Leak check");
    const repos = server.database.repositories;
    const students = await Promise.all(
      ["Aiko", "Ben"].map(async (displayName) => {
        const client = new RecordingClient(server.url);
        const joined = await client.post<{ user: { id: string } }>("/api/join", { code: room.code, displayName, password: STUDENT_PASSWORD });
        if (!joined.body.ok) throw new Error(JSON.stringify(joined.body));
        const socket = client.socket({ autoConnect: false });
        const packets: string[] = [];
        socket.io.on("packet", (packet) => packets.push(JSON.stringify(packet)));
        await connected(socket);
        const inbox = new Inbox(socket);
        const entered = await request(socket, "room:enter", { classroomId: room.classroomId });
        expect(entered.ok).toBe(true);
        return { client, socket, packets, inbox, userId: joined.body.data.user.id };
      }),
    );
    // The teacher's own socket: the private board is previewed there, and only there.
    const teacherSocket = room.teacher.socket({ autoConnect: false });
    await connected(teacherSocket);
    const teacherInbox = new Inbox(teacherSocket);
    expect((await request(teacherSocket, "room:enter", { classroomId: room.classroomId })).ok).toBe(true);
    const race = aRace(room.classroomId, room.userId, { rules: TEST_RULES, status: "running", hiddenSeed: HIDDEN_SEED, endsAt: new Date(Date.now() + 600_000) });
    await repos.races.create(race);
    const runs = await Promise.all(
      students.map(async (s) => {
        const run = aRun(s.userId, { classroomId: room.classroomId, raceId: race.id, kind: "race", config, startedAt: new Date() });
        await repos.runs.create(run);
        return run.id;
      }),
    );
    const [aiko, ben] = students as [(typeof students)[0], (typeof students)[0]];

    const uploads: string[] = [];
    const record = async (p: ReturnType<typeof uploadWeights>) => {
      const response = await p;
      uploads.push(response.text);
      return response;
    };
    expect((await record(uploadWeights(aiko.client, race.id, runs[0]!, trained.weights, { claimedMse: 0.01 }))).status).toBe(201);
    expect((await record(uploadWeights(ben.client, race.id, runs[1]!, untrainedWeights(config, 3)))).status).toBe(201);
    expect((await record(uploadWeights(ben.client, race.id, runs[0]!, trained.weights))).status).toBe(403);
    expect((await record(uploadWeights(aiko.client, race.id, runs[0]!, new TextEncoder().encode("garbage")))).status).toBe(422);
    await aiko.client.get(`/api/races/${race.id}/board?kind=public`);
    expect((await aiko.client.get(`/api/races/${race.id}/board?kind=private`)).status).toBe(403);
    await aiko.inbox.next("board:updated", (b) => b.board.rows.length === 2);
    await ben.inbox.next("board:updated", (b) => b.board.rows.length === 2);
    await Promise.all(students.map((s) => s.inbox.flush()));

    await teacherInbox.next("board:updated", (b) => b.board.kind === "private" && b.board.rows.length === 2);
    // Students got only public boards, and nothing hidden anywhere.
    for (const s of students) {
      expect(s.inbox.of("board:updated").every((b) => b.board.kind === "public")).toBe(true);
      const traffic = [...s.client.received, ...s.packets, ...uploads];
      expect(traffic.length).toBeGreaterThan(5);
      expect(traffic.flatMap(leaks)).toEqual([]);
    }

    // The reveal sends the private board (scores and ranks, still not the series).
    await repos.races.update(race.id, { status: "ended", endedAt: new Date() });
    const revealed = await room.teacher.post<TRaceBoard>(`/api/races/${race.id}/reveal`);
    expect(revealed.status).toBe(200);
    const shown = await aiko.inbox.next("board:revealed");
    expect(shown.board.kind).toBe("private");
    expect(shown.board.rows.map((r) => r.userId)).toEqual([aiko.userId, ben.userId]);
    expect(shown.board.rows.every((r) => r.rankDelta !== null)).toBe(true);
    expect(aiko.packets.flatMap(leaks)).toEqual([]);
  });

  it("a race on uploaded data never sends the held-back tail to a student, before or after the reveal", async () => {
    const room = await teacherWithClassroom(server.url, "Tail check");
    // Visible values are whole hundredths; the tail's have four decimals, so any of them in a response is a leak.
    const visibleValues = monthlyValues(60);
    const tailValues = [23.7183, 9.4417, 31.2059, 17.6431, 5.8813, 27.3367, 14.1129, 20.9941, 12.5573, 29.0087];
    const stored = [...visibleValues, ...tailValues];
    const times = stored.map((_, i) => `${2001 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`);
    const tailTimes = times.slice(visibleValues.length);
    const text = ["month,level", ...stored.map((v, i) => `${times[i]},${v}`)].join("\n");
    const library = await uploaded(room.teacher, room.classroomId, uploadRequest(stored, { text, name: "River level" }));
    const dataset: UploadedDatasetConfig = { source: "upload", datasetId: library.id, length: visibleValues.length, scaling: "standardise" };
    const scaledTail = Array.from(uploadedRaceSeries(dataset, stored, tailValues.length).hidden);

    const tailLeaks = (text: string): string[] => {
      const found = tailTimes.filter((t) => text.includes(t)).map((t) => `time ${t}`);
      for (const literal of text.match(/-?\d+\.\d+(?:e[-+]?\d+)?/gi) ?? []) {
        const n = Number(literal);
        const raw = tailValues.find((v) => Math.abs(n - v) <= 5e-7 * Math.max(1, Math.abs(v)));
        const scaled = scaledTail.find((v) => Math.fround(n) === v || Math.abs(n - v) <= 5e-7 * Math.max(1, Math.abs(v)));
        if (raw !== undefined) found.push(`${literal} ≈ held-back value ${raw}`);
        if (scaled !== undefined) found.push(`${literal} ≈ scaled held-back value ${scaled}`);
      }
      return found;
    };
    expect(tailLeaks(JSON.stringify({ v: tailValues[4] }))).toHaveLength(1);
    expect(tailLeaks(JSON.stringify({ v: scaledTail[2] }))).toHaveLength(1);
    expect(tailLeaks(JSON.stringify({ t: tailTimes[0] }))).toHaveLength(1);
    expect(tailLeaks(JSON.stringify({ values: visibleValues, times: times.slice(0, 60) }))).toEqual([]);

    const teacherSocket = room.teacher.socket({ autoConnect: false });
    await connected(teacherSocket);
    expect((await request(teacherSocket, "room:enter", { classroomId: room.classroomId })).ok).toBe(true);
    const rules = RaceRulesSchema.parse({ ...TEST_RULES, dataset, window: 12, hiddenLength: tailValues.length });
    const created = await request(teacherSocket, "race:create", { classroomId: room.classroomId, name: "River", rules });
    if (!created.ok) throw new Error(JSON.stringify(created.error));
    const raceId = created.data.race.id;

    const students = await Promise.all(
      ["Chika", "Dan"].map(async (displayName) => {
        const client = new RecordingClient(server.url);
        const joined = await client.post<{ user: { id: string } }>("/api/join", { code: room.code, displayName, password: STUDENT_PASSWORD });
        if (!joined.body.ok) throw new Error(JSON.stringify(joined.body));
        const socket = client.socket({ autoConnect: false });
        const packets: string[] = [];
        socket.io.on("packet", (packet) => packets.push(JSON.stringify(packet)));
        await connected(socket);
        const inbox = new Inbox(socket);
        expect((await request(socket, "room:enter", { classroomId: room.classroomId })).ok).toBe(true);
        expect((await request(socket, "race:state", { raceId })).ok).toBe(true);
        await request(socket, "race:list", { classroomId: room.classroomId });
        return { client, socket, packets, inbox, userId: joined.body.data.user.id };
      }),
    );
    expect((await request(teacherSocket, "race:start", { raceId, countdownSec: 0 })).ok).toBe(true);
    const [chika, dan] = students as [(typeof students)[0], (typeof students)[0]];

    // What each page does: fetch the race's data, train on it, stream epochs, upload the weights.
    const fetched = await chika.client.get<{ series: TVisibleSeries }>(`/api/races/${raceId}/data`);
    const visible = fetched.body.ok ? fetched.body.data.series.values : [];
    expect(visible).toEqual(visibleValues);
    await dan.client.get(`/api/races/${raceId}/data`);
    expect((await chika.client.get(`/api/datasets/${library.id}`)).status).toBe(404);
    const config = raceTrainingConfig(rules, { ...DEFAULT_TRAINING_CONFIG, model: { ...DEFAULT_TRAINING_CONFIG.model, cell: "GRU", hidden: 6 }, optimizer: { kind: "adam", learningRate: 0.02, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }, epochs: 20 });
    const trained = await trainWeights(config, visible);
    const runIds: string[] = [];
    for (const s of students) {
      const started = await request(s.socket, "run:start", { raceId, config, backend: "cpu", device: "test" });
      if (!started.ok) throw new Error(JSON.stringify(started.error));
      runIds.push(started.data.run.runId);
      expect((await request(s.socket, "run:snapshot", { runId: started.data.run.runId, snapshots: [{ epoch: 1, trainLoss: 0.5, valLoss: 0.6, msPerEpoch: 3 }] })).ok).toBe(true);
    }
    expect((await uploadWeights(chika.client, raceId, runIds[0]!, trained.weights, { claimedMse: 0.05 })).status).toBe(201);
    expect((await uploadWeights(dan.client, raceId, runIds[1]!, untrainedWeights(config, 4))).status).toBe(201);
    expect((await uploadWeights(dan.client, raceId, runIds[0]!, trained.weights)).status).toBe(403);
    await chika.client.get(`/api/races/${raceId}/board?kind=public`);
    expect((await chika.client.get(`/api/races/${raceId}/board?kind=private`)).status).toBe(403);
    for (const [i, s] of students.entries()) {
      await s.client.get(`/api/runs/${runIds[i]}/series`);
      await s.client.get(`/api/runs/${runIds[i]}`);
      await s.client.get(`/api/history?raceId=${raceId}`);
      await s.client.get(`/api/history/replay?raceId=${raceId}`);
      await s.inbox.next("board:updated", (b) => b.board.rows.length === 2);
    }

    // The end and the reveal: boards with scores, never the series.
    expect((await request(teacherSocket, "race:end", { raceId })).ok).toBe(true);
    expect((await room.teacher.post(`/api/races/${raceId}/reveal`)).status).toBe(200);
    for (const s of students) {
      await s.inbox.next("board:revealed");
      await s.client.get(`/api/races/${raceId}/board?kind=private`);
      await s.client.get(`/api/history/replay?raceId=${raceId}`);
      await s.inbox.flush();
      const traffic = [...s.client.received, ...s.packets];
      expect(traffic.length).toBeGreaterThan(15);
      expect(traffic.flatMap(tailLeaks)).toEqual([]);
    }
  });
});
