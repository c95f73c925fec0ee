/**
 * Fills a database with a realistic classroom: a teacher, a classroom, `users` students (all with the same
 * password, printed at the end), `runsPerUser` runs each spread over the last weeks, and a race in which a
 * share of the students' runs took part, with verified scores; and a second race on real data from the classroom's
 * data library (the sunspots example, its last 30 years held back), where each student's second run took part.
 * Used by `npm run db:seed` and bench:history.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { nameKey } from "@/lib/auth/names";
import { generateJoinCode } from "@/lib/classroom/join-code";
import { exampleDataset } from "@/lib/data/examples/index";
import { DEFAULT_RACE_RULES, raceTrainingConfig, RaceRulesSchema } from "@/lib/race/rules";
import { createRng, type Rng } from "@/lib/random";
import type { Database } from "@/server/persistence/database";
import { createPasswordHasher } from "@/server/security/passwords";
import { connectBulk, insertRuns, type SeededRun } from "./bulk";
import { syntheticConfig, syntheticRun } from "./synthetic";

export const SEED_PASSWORD = "seed-password-1";
const TAGS = ["baseline", "best", "try-adam", "deeper", "lr-sweep", "homework"];
const NOTES = ["smaller learning rate next", "LSTM seems slower but smoother", "diverged, lr too high", "try 2 layers", null, null, null];
const DAY_MS = 86_400_000;

export interface SeedOptions {
  url: string;
  users: number;
  runsPerUser: number;
  seed?: number;
  /** Longest run: benchmarks use full 1000-epoch curves; a quick dev seed can cap it. */
  maxEpochs?: number;
  /** "now" for dates: runs are spread over the 60 days before it. */
  now: Date;
  onProgress?(message: string): void;
}

export interface SeedResult {
  teacher: { email: string; userId: string };
  classroom: { id: string; name: string; joinCode: string };
  race: { id: string; name: string };
  /** The race on the sunspots example. */
  dataRace: { id: string; name: string };
  students: { userId: string; displayName: string }[];
  runIds: string[];
}

const pick = <T>(rng: Rng, items: readonly T[]): T => items[rng.int(items.length)]!;

export async function seedDatabase(db: Database, options: SeedOptions): Promise<SeedResult> {
  const rng = createRng(options.seed ?? 1);
  const repos = db.repositories;
  const passwordHash = await createPasswordHasher().hash(SEED_PASSWORD);
  const now = options.now;
  const suffix = randomUUID().slice(0, 6);

  const teacherId = randomUUID();
  const email = `teacher-${suffix}@seed.example`;
  await repos.users.createTeacher({ id: teacherId, kind: "teacher", email, displayName: "Ms Seed", passwordHash, createdAt: now, locale: null });
  const classroom = { id: randomUUID(), name: `Seeded class ${suffix}`, ownerId: teacherId, locked: false, archivedAt: null, createdAt: now, joinCode: generateJoinCode((n) => randomBytes(n)) };
  await repos.classrooms.create(classroom, { classroomId: classroom.id, userId: teacherId, role: "teacher", displayName: "Ms Seed", displayNameKey: `teacher:${teacherId}`, joinedAt: now });

  const raceStart = new Date(now.getTime() - 2 * DAY_MS);
  const race = {
    id: randomUUID(),
    classroomId: classroom.id,
    createdById: teacherId,
    name: "Seeded race",
    rules: DEFAULT_RACE_RULES,
    kind: "live" as const,
    status: "ended" as const,
    createdAt: new Date(raceStart.getTime() - 600_000),
    startsAt: raceStart,
    endsAt: new Date(raceStart.getTime() + 900_000),
    pausedAt: null,
    endedAt: new Date(raceStart.getTime() + 900_000),
    hiddenSeed: rng.int(1_000_000),
    revealedAt: new Date(raceStart.getTime() + 900_000),
  };
  await repos.races.create(race);

  // A race on real data: the sunspots example, 279 years visible, the last 30 held back.
  const sunspots = exampleDataset("example:sunspots")!;
  const dataRules = RaceRulesSchema.parse({
    ...DEFAULT_RACE_RULES,
    dataset: { source: "upload", datasetId: sunspots.id, length: sunspots.values.length - 30, scaling: "standardise" },
    window: 22,
    hiddenLength: 30,
  });
  const dataRaceStart = new Date(now.getTime() - DAY_MS);
  const dataRace = {
    ...race,
    id: randomUUID(),
    name: "Sunspots race",
    rules: dataRules,
    createdAt: new Date(dataRaceStart.getTime() - 600_000),
    startsAt: dataRaceStart,
    endsAt: new Date(dataRaceStart.getTime() + 900_000),
    endedAt: new Date(dataRaceStart.getTime() + 900_000),
    revealedAt: new Date(dataRaceStart.getTime() + 900_000),
    hiddenSeed: rng.int(1_000_000),
  };
  await repos.races.create(dataRace);

  const students: SeedResult["students"] = [];
  for (let u = 0; u < options.users; u++) {
    const displayName = `Student ${String(u + 1).padStart(3, "0")}`;
    const userId = randomUUID();
    await repos.memberships.addWithNewStudent(
      { id: userId, kind: "student", email: null, displayName, passwordHash, createdAt: now, locale: null },
      { classroomId: classroom.id, userId, role: "student", displayName, displayNameKey: nameKey(displayName), joinedAt: now },
    );
    students.push({ userId, displayName });
  }

  const bulk = connectBulk(options.url);
  const runIds: string[] = [];
  try {
    for (const [index, student] of students.entries()) {
      const runs: SeededRun[] = [];
      for (let r = 0; r < options.runsPerUser; r++) {
        const inDataRace = r === 1;
        const inRace = !inDataRace && (r === 0 || rng.next() < 0.03);
        const drawn = syntheticConfig(rng, options.maxEpochs ?? 1000);
        const run = inDataRace ? syntheticRun(rng, raceTrainingConfig(dataRules, drawn), sunspots.values) : syntheticRun(rng, drawn);
        const startedAt = inRace
          ? new Date(raceStart.getTime() + rng.int(120_000))
          : inDataRace
            ? new Date(dataRaceStart.getTime() + rng.int(120_000))
            : new Date(now.getTime() - rng.uniform(0, 60) * DAY_MS);
        const score = (inRace || inDataRace) && run.finalTrainLoss !== null ? (run.finalValLoss ?? run.finalTrainLoss) * rng.uniform(1.05, 1.5) : null;
        const id = randomUUID();
        runIds.push(id);
        runs.push({
          id,
          userId: student.userId,
          classroomId: inRace || inDataRace || rng.next() < 0.5 ? classroom.id : null,
          raceId: inRace ? race.id : inDataRace ? dataRace.id : null,
          startedAt,
          run,
          verifiedScore: score,
          tags: rng.next() < 0.2 ? [pick(rng, TAGS)] : [],
          note: rng.next() < 0.15 ? pick(rng, NOTES) : null,
        });
      }
      await insertRuns(bulk.prisma, runs);
      options.onProgress?.(`student ${index + 1}/${students.length}: ${runs.length} runs`);
    }
  } finally {
    await bulk.close();
  }
  return {
    teacher: { email, userId: teacherId },
    classroom: { id: classroom.id, name: classroom.name, joinCode: classroom.joinCode },
    race: { id: race.id, name: race.name },
    dataRace: { id: dataRace.id, name: dataRace.name },
    students,
    runIds,
  };
}
