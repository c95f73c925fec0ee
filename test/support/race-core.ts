/**
 * Race services as several server "processes" in one test: real servers (createServer, real repositories) on one
 * SQLite database, a manual clock and scheduler shared by all, and an in-memory fan-out hub between them, so a
 * test decides when time passes and when (and whether) the processes' messages to each other arrive. Classrooms
 * and students are stored through the repositories; the race is driven through the race services themselves.
 */
import type { RaceRules } from "@/lib/race/rules";
import type { RaceView } from "@/lib/realtime/race";
import { MemoryFanoutHub, type MemoryFanout, type WatchedEvent } from "@/server/race/fanout-memory";
import type { RaceService, RaceServiceOptions } from "@/server/race/service";
import { openDatabase } from "@/server/persistence/database";
import { createSqliteDatabase } from "./databases";
import { ManualTime } from "./manual-time";
import { aClassroom, aMembership, aStudent, aTeacher } from "./records";
import { startTestServer, type TestServer } from "./server";

export interface CoreProcess {
  server: TestServer;
  races: RaceService;
  fanout: MemoryFanout;
  /** Everything this process's watchers of the race received, in order. */
  received: WatchedEvent[];
}

export interface RaceCore {
  time: ManualTime;
  hub: MemoryFanoutHub;
  processes: CoreProcess[];
  teacherId: string;
  classroomId: string;
  studentIds: string[];
  race: RaceView;
  /** Stops every process and drops the database. */
  close(): Promise<void>;
}

export async function startRaceCore(options: {
  processes: number;
  students: number;
  rules: RaceRules;
  hubMode?: "immediate" | "manual";
  races?: Partial<RaceServiceOptions>;
}): Promise<RaceCore> {
  const time = new ManualTime();
  const hub = new MemoryFanoutHub(options.hubMode ?? "immediate");
  const db = createSqliteDatabase();
  // One connection, as every process would have to the same database server (see startTestServer).
  const database = await openDatabase(db.url);
  const processes: CoreProcess[] = [];
  for (let i = 0; i < options.processes; i++) {
    const fanout = hub.node();
    const server = await startTestServer({ databaseUrl: db.url, database, deps: { clock: time, scheduler: time, raceFanout: fanout, races: options.races } });
    processes.push({ server, races: server.handle.ctx.services.races, fanout, received: [] });
  }
  const repos = processes[0]!.server.database.repositories;
  const teacher = aTeacher();
  await repos.users.createTeacher(teacher);
  const classroom = aClassroom(teacher.id);
  await repos.classrooms.create(classroom, aMembership(classroom.id, teacher));
  const studentIds: string[] = [];
  for (let i = 0; i < options.students; i++) {
    const student = aStudent({ displayName: `Student ${i + 1}` });
    await repos.memberships.addWithNewStudent(student, aMembership(classroom.id, student));
    studentIds.push(student.id);
  }
  const race = await processes[0]!.races.create(teacher.id, classroom.id, "Heat", options.rules);
  for (const p of processes) p.fanout.watch(race.id, (message) => p.received.push(message));
  return {
    time,
    hub,
    processes,
    teacherId: teacher.id,
    classroomId: classroom.id,
    studentIds,
    race,
    async close() {
      for (const p of processes) await p.server.close();
      await database.close();
      await db.drop();
    },
  };
}
