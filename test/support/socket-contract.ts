/**
 * One valid request for every event of the socket contract (lib/realtime/events.ts `requests`), the scene it
 * needs (a classroom, a race in some state, a run), and what accepting it `n` times changes as seen from outside.
 * Suites that must cover the whole contract (the budget, malformed input) iterate over `CONTRACT` and check
 * with `coversContract` that no event was left out.
 */
import { request } from "@/app/_lib/realtime";
import { requests, type RequestName, type Requests } from "@/lib/realtime/events";
import { expect } from "vitest";
import type { z } from "zod";
import { closeAllSockets, connected } from "./realtime";
import { epochs, testConfig, TEST_RULES, unwrap } from "./race";
import { joinAsStudent, teacherWithClassroom, type ApiClient } from "./server";

/** What a race must be in before the request: a lobby, running (timed, so it can be extended), paused, or running with the student's run. */
export type Stage = "lobby" | "running" | "paused" | "run";

export interface Scene {
  classroomId: string;
  raceId: string;
  /** The student's run (stage "run" only). */
  runId: string;
  teacher: ApiClient;
  teacherId: string;
  student: ApiClient;
  studentId: string;
}

/** What the requests can change, as the teacher sees it. */
export interface Observation {
  races: number;
  status: string;
  endsAt: number | null;
  runs: { status: string; lastEpoch: number; rollout: boolean }[];
  online: string[];
}

export interface ContractCase<E extends RequestName = RequestName> {
  event: E;
  who: "teacher" | "student";
  stage: Stage;
  payload(scene: Scene): z.input<Requests[E]["request"]>;
  /** The observation after `accepted` of these requests were carried out (an accepted request may still be refused by the rules). */
  effect(before: Observation, accepted: number, scene: Scene): Observation;
}

const unchanged = (before: Observation) => before;
/** Starting, resuming or ending moves the deadline to a time the test does not predict. */
const someDeadline = expect.any(Number) as unknown as number;
/** Matches a number in [low, high] inside toEqual. */
function between(low: number, high: number): number {
  return { asymmetricMatch: (actual: unknown) => typeof actual === "number" && actual >= low && actual <= high, toString: () => `between ${low} and ${high}` } as unknown as number;
}
const ROLLOUT_LENGTH = TEST_RULES.dataset.length - TEST_RULES.window;

export const CONTRACT: ContractCase[] = [
  { event: "room:enter", who: "student", stage: "lobby", payload: (s) => ({ classroomId: s.classroomId }), effect: unchanged },
  { event: "room:leave", who: "student", stage: "lobby", payload: (s) => ({ classroomId: s.classroomId }), effect: unchanged },
  { event: "race:list", who: "student", stage: "lobby", payload: (s) => ({ classroomId: s.classroomId }), effect: unchanged },
  {
    event: "race:create",
    who: "teacher",
    stage: "lobby",
    payload: (s) => ({ classroomId: s.classroomId, name: "Heat 2", rules: TEST_RULES }),
    effect: (before, accepted) => ({ ...before, races: before.races + accepted }),
  },
  {
    event: "race:start",
    who: "teacher",
    stage: "lobby",
    payload: (s) => ({ raceId: s.raceId, countdownSec: 0 }),
    effect: (before, accepted) => (accepted > 0 ? { ...before, status: "running", endsAt: someDeadline } : before),
  },
  { event: "race:pause", who: "teacher", stage: "running", payload: (s) => ({ raceId: s.raceId }), effect: (before, accepted) => (accepted > 0 ? { ...before, status: "paused" } : before) },
  { event: "race:resume", who: "teacher", stage: "paused", payload: (s) => ({ raceId: s.raceId }), effect: (before, accepted) => (accepted > 0 ? { ...before, status: "running", endsAt: someDeadline } : before) },
  {
    event: "race:extend",
    who: "teacher",
    stage: "running",
    payload: (s) => ({ raceId: s.raceId, seconds: 60 }),
    // Extensions sent at once are applied to the same stored deadline and may coalesce (a race service matter);
    // what matters here is that the refused ones added nothing.
    effect: (before, accepted) => ({ ...before, endsAt: accepted > 0 ? between(before.endsAt! + 60_000, before.endsAt! + accepted * 60_000) : before.endsAt }),
  },
  { event: "race:end", who: "teacher", stage: "running", payload: (s) => ({ raceId: s.raceId }), effect: (before, accepted) => (accepted > 0 ? { ...before, status: "ended", endsAt: someDeadline } : before) },
  { event: "race:state", who: "student", stage: "running", payload: (s) => ({ raceId: s.raceId }), effect: unchanged },
  {
    event: "run:start",
    who: "student",
    stage: "running",
    payload: (s) => ({ raceId: s.raceId, config: testConfig(), backend: "wasm", device: "Chromebook" }),
    // Each new run stops the student's previous one.
    effect: (before, accepted) => ({
      ...before,
      runs: [...Array.from({ length: Math.max(0, accepted - 1) }, () => ({ status: "stopped", lastEpoch: 0, rollout: false })), ...(accepted > 0 ? [{ status: "running", lastEpoch: 0, rollout: false }] : [])],
    }),
  },
  {
    event: "run:snapshot",
    who: "student",
    stage: "run",
    // The n-th copy carries epoch n: only an unbroken prefix can be stored, so `accepted` counts it.
    payload: (s) => {
      const epoch = nextEpoch(s);
      return { runId: s.runId, snapshots: epochs(epoch, epoch) };
    },
    effect: (before, accepted) => ({ ...before, runs: [{ ...before.runs[0]!, lastEpoch: accepted }] }),
  },
  { event: "run:resume", who: "student", stage: "run", payload: (s) => ({ runId: s.runId }), effect: unchanged },
  {
    event: "run:rollout",
    who: "student",
    stage: "run",
    payload: (s) => ({ runId: s.runId, epoch: 1, mse: 0.5, predicted: Array.from({ length: ROLLOUT_LENGTH }, (_, i) => i / ROLLOUT_LENGTH) }),
    effect: (before, accepted) => ({ ...before, runs: [{ ...before.runs[0]!, rollout: accepted > 0 }] }),
  },
  {
    event: "run:finish",
    who: "student",
    stage: "run",
    payload: (s) => ({ runId: s.runId, status: "stopped", msPerEpoch: 3 }),
    effect: (before, accepted) => (accepted > 0 ? { ...before, runs: [{ ...before.runs[0]!, status: "stopped" }] } : before),
  },
];

const epochCounters = new WeakMap<Scene, number>();
function nextEpoch(scene: Scene): number {
  const n = (epochCounters.get(scene) ?? 0) + 1;
  epochCounters.set(scene, n);
  return n;
}

/** The events of the contract the table leaves out (empty when it covers them all). */
export function uncovered(): string[] {
  const covered = new Set(CONTRACT.map((c) => c.event));
  return Object.keys(requests).filter((event) => !covered.has(event as RequestName));
}

/** A fresh classroom, a student and a race at `stage`; set up on sockets of their own, closed afterwards. */
export async function buildScene(url: string, stage: Stage): Promise<Scene> {
  const room = await teacherWithClassroom(url);
  const student = await joinAsStudent(url, room.code, "Anna");
  const teacherSocket = room.teacher.socket();
  const studentSocket = student.client.socket();
  await Promise.all([connected(teacherSocket), connected(studentSocket)]);
  const rules = { ...TEST_RULES, budget: { ...TEST_RULES.budget, timeLimitSec: 600 } };
  const { race } = await unwrap(request(teacherSocket, "race:create", { classroomId: room.classroomId, name: "Heat 1", rules }));
  if (stage !== "lobby") await unwrap(request(teacherSocket, "race:start", { raceId: race.id, countdownSec: 0 }));
  if (stage === "paused") await unwrap(request(teacherSocket, "race:pause", { raceId: race.id }));
  let runId = "";
  if (stage === "run") runId = (await unwrap(request(studentSocket, "run:start", { raceId: race.id, config: testConfig(), backend: null, device: null }))).run.runId;
  teacherSocket.disconnect();
  studentSocket.disconnect();
  return { classroomId: room.classroomId, raceId: race.id, runId, teacher: room.teacher, teacherId: room.userId, student: student.client, studentId: student.userId };
}

/** The scene as the teacher sees it, through a socket of their own (with a budget of its own). */
export async function observe(scene: Scene): Promise<Observation> {
  const socket = scene.teacher.socket();
  try {
    await connected(socket);
    const [state, races, room] = await Promise.all([
      unwrap(request(socket, "race:state", { raceId: scene.raceId })),
      unwrap(request(socket, "race:list", { classroomId: scene.classroomId })),
      scene.teacher.get<{ members: { userId: string; online: boolean }[] }>(`/api/classrooms/${scene.classroomId}`),
    ]);
    if (!room.body.ok) throw new Error(JSON.stringify(room.body));
    return {
      races: races.races.length,
      status: state.race.status,
      endsAt: state.race.endsAt,
      runs: state.runs.map((r) => ({ status: r.status, lastEpoch: r.lastEpoch, rollout: r.rollout !== null })),
      online: room.body.data.members.filter((m) => m.online && m.userId !== scene.teacherId).map((m) => m.userId),
    };
  } finally {
    socket.disconnect();
  }
}

export { closeAllSockets };
