/**
 * A classroom with a race and students on sockets, for race tests: everything goes through the real HTTP API and
 * real socket.io-client sockets.
 */
import { request, type RealtimeSocket } from "@/app/_lib/realtime";
import { DEFAULT_TRAINING_CONFIG, type TrainingConfig } from "@/lib/ml/config";
import type { EpochSnapshot } from "@/lib/ml/snapshots";
import { DEFAULT_RACE_RULES, raceTrainingConfig, type RaceRules } from "@/lib/race/rules";
import type { RaceView } from "@/lib/realtime/race";
import { connected, Inbox } from "./realtime";
import { ApiClient, joinAsStudent, teacherWithClassroom } from "./server";

export const TEST_RULES: RaceRules = { ...DEFAULT_RACE_RULES, budget: { maxEpochs: 50, timeLimitSec: null }, maxHidden: 64, maxLayers: 2 };

export function testConfig(rules: RaceRules = TEST_RULES, epochs = 40, change: Partial<TrainingConfig["model"]> = {}): TrainingConfig {
  // The race's own dataset, window and split replace the defaults'.
  return raceTrainingConfig(rules, { ...DEFAULT_TRAINING_CONFIG, model: { ...DEFAULT_TRAINING_CONFIG.model, hidden: 4, ...change }, epochs });
}

/** Epochs from..to with a falling loss. */
export function epochs(from: number, to: number, scale = 1): EpochSnapshot[] {
  return Array.from({ length: to - from + 1 }, (_, i) => {
    const epoch = from + i;
    return { epoch, trainLoss: scale / epoch, valLoss: (scale * 1.1) / epoch, msPerEpoch: 3 };
  });
}

export interface Participant {
  client: ApiClient;
  userId: string;
  socket: RealtimeSocket;
  inbox: Inbox;
}

/** A socket for the client, on the server the client talks to. */
export async function participant(client: ApiClient, userId: string): Promise<Participant> {
  const socket = client.socket();
  await connected(socket);
  return { client, userId, socket, inbox: new Inbox(socket) };
}

export interface RaceSetup {
  classroomId: string;
  code: string;
  teacher: Participant;
  students: Participant[];
  race: RaceView;
}

export async function unwrap<T>(result: Promise<{ ok: true; data: T } | { ok: false; error: unknown }>): Promise<T> {
  const r = await result;
  if (!r.ok) throw new Error(`request failed: ${JSON.stringify(r.error)}`);
  return r.data;
}

/** A classroom, `students` students, and a race created (in its lobby) with every socket in the race room. */
export async function setUpRace(url: string, options: { students: number; rules?: RaceRules; studentUrl?: (i: number) => string } ): Promise<RaceSetup> {
  const room = await teacherWithClassroom(url);
  const teacher = await participant(room.teacher, room.userId);
  await unwrap(request(teacher.socket, "room:enter", { classroomId: room.classroomId }));
  const { race } = await unwrap(request(teacher.socket, "race:create", { classroomId: room.classroomId, name: "Heat 1", rules: options.rules ?? TEST_RULES }));
  const students: Participant[] = [];
  for (let i = 0; i < options.students; i++) {
    const studentUrl = options.studentUrl?.(i) ?? url;
    const joined = await joinAsStudent(studentUrl, room.code, `Student ${i + 1}`);
    const p = await participant(joined.client, joined.userId);
    await unwrap(request(p.socket, "race:state", { raceId: race.id }));
    students.push(p);
  }
  await unwrap(request(teacher.socket, "race:state", { raceId: race.id }));
  return { classroomId: room.classroomId, code: room.code, teacher, students, race };
}

export async function startRace(setup: RaceSetup): Promise<void> {
  await unwrap(request(setup.teacher.socket, "race:start", { raceId: setup.race.id, countdownSec: 0 }));
}
