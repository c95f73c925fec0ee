/**
 * Fills the database named by DATABASE_URL (default: the embedded SQLite file) with realistic history for
 * development: `npm run db:seed -- --users 30 --runs 50` makes a teacher, a classroom, 30 students with 50 runs
 * each (configs, curves shaped like training, rollouts, tags, notes) and a race with verified scores.
 */
import { parseArgs } from "node:util";
import { openDatabase } from "@/server/persistence/database";
import { seedDatabase, SEED_PASSWORD } from "./seed/seed";

const USAGE = `Usage: npm run db:seed -- [--users U] [--runs R] [--seed N] [--max-epochs E]
  --users U       students in the seeded classroom (default 20)
  --runs R        runs per student (default 30)
  --seed N        random seed (default 1)
  --max-epochs E  longest run (default 1000)
The database is DATABASE_URL (default file:./data/loss-race.db).`;

function positiveInt(name: string, value: string | undefined, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) {
    console.error(`--${name} must be a whole number from 1 to ${max}, got "${value}"\n\n${USAGE}`);
    process.exit(2);
  }
  return n;
}

let values: Record<string, string | boolean | undefined>;
try {
  ({ values } = parseArgs({ options: { users: { type: "string" }, runs: { type: "string" }, seed: { type: "string" }, "max-epochs": { type: "string" }, help: { type: "boolean" } } }));
} catch (error) {
  console.error(`${(error as Error).message}\n\n${USAGE}`);
  process.exit(2);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const users = positiveInt("users", values.users as string | undefined, 20, 10_000);
const runs = positiveInt("runs", values.runs as string | undefined, 30, 100_000);
const seed = positiveInt("seed", values.seed as string | undefined, 1, 2 ** 31);
const maxEpochs = positiveInt("max-epochs", values["max-epochs"] as string | undefined, 1000, 20_000);

const url = process.env.DATABASE_URL || "file:./data/loss-race.db";
const db = await openDatabase(url);
try {
  const started = Date.now();
  const result = await seedDatabase(db, { url, users, runsPerUser: runs, seed, maxEpochs, now: new Date(), onProgress: (m) => process.stderr.write(`\r${m}   `) });
  process.stderr.write("\n");
  console.log(`Seeded ${result.runIds.length} runs for ${users} students in ${((Date.now() - started) / 1000).toFixed(1)} s (${db.provider}).`);
  console.log(`Teacher: ${result.teacher.email} / ${SEED_PASSWORD}`);
  console.log(`Classroom "${result.classroom.name}", code ${result.classroom.joinCode.slice(0, 3)}-${result.classroom.joinCode.slice(3)}; students "${result.students[0]?.displayName}"… / ${SEED_PASSWORD}`);
  console.log(`Race replay: /history/races/${result.race.id}`);
  console.log(`Race on real data (sunspots): /history/races/${result.dataRace.id}`);
} finally {
  await db.close();
}
