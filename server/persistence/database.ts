/**
 * Opens the database named by DATABASE_URL, brings its schema up to date and builds the repositories on it.
 * `file:` URLs are SQLite files (the embedded default); `postgresql://` and `postgres://` URLs are PostgreSQL.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import { PrismaClient as PostgresPrismaClient } from "./generated/postgresql/client";
import { PrismaClient as SqlitePrismaClient } from "./generated/sqlite/client";
import { loadMigrations, migrate } from "./migrator";
import type { Prisma } from "./prisma/client";
import { PrismaCheckpointRepository } from "./prisma/checkpoints";
import { PrismaClassroomRepository } from "./prisma/classrooms";
import { PrismaDatasetRepository } from "./prisma/datasets";
import { PrismaHistoryRepository } from "./prisma/history";
import { PrismaMembershipRepository } from "./prisma/memberships";
import { PrismaPasswordResetRepository } from "./prisma/password-resets";
import { PrismaRaceRepository } from "./prisma/races";
import { PrismaRunRepository } from "./prisma/runs";
import { PrismaSubmissionRepository } from "./prisma/submissions";
import { PrismaSessionRepository } from "./prisma/sessions";
import { PrismaUserRepository } from "./prisma/users";
import type { Repositories } from "./repositories";
import { postgresDriver, sqliteDriver, type Provider } from "./sql-driver";

/** How long a SQLite writer waits for another writer before giving up (several server processes may share a file). */
const SQLITE_BUSY_TIMEOUT_MS = 5_000;
const POSTGRES_POOL_SIZE = 10;

export interface Database {
  provider: Provider;
  repositories: Repositories;
  /** Names of the migrations applied while opening. */
  appliedMigrations: string[];
  /** Resolves when the database answers a query. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export function providerOf(url: string): Provider {
  return /^postgres(ql)?:\/\//.test(url) ? "postgresql" : "sqlite";
}

/** `file:./data/x.db` → absolute path, relative paths taken from `cwd`. */
export function sqlitePath(url: string, cwd = process.cwd()): string {
  return path.resolve(cwd, url.replace(/^file:/, ""));
}

export function buildRepositories(prisma: Prisma, provider: Provider = "sqlite"): Repositories {
  return {
    users: new PrismaUserRepository(prisma),
    sessions: new PrismaSessionRepository(prisma),
    passwordResets: new PrismaPasswordResetRepository(prisma),
    classrooms: new PrismaClassroomRepository(prisma),
    memberships: new PrismaMembershipRepository(prisma),
    races: new PrismaRaceRepository(prisma),
    runs: new PrismaRunRepository(prisma),
    history: new PrismaHistoryRepository(prisma, provider),
    submissions: new PrismaSubmissionRepository(prisma),
    checkpoints: new PrismaCheckpointRepository(prisma),
    datasets: new PrismaDatasetRepository(prisma),
  };
}

export async function openDatabase(url: string, migrationsDir?: string): Promise<Database> {
  return providerOf(url) === "postgresql" ? openPostgres(url, migrationsDir) : openSqlite(url, migrationsDir);
}

async function openSqlite(url: string, migrationsDir?: string): Promise<Database> {
  const file = sqlitePath(url);
  mkdirSync(path.dirname(file), { recursive: true });
  const raw = new BetterSqlite3(file, { timeout: SQLITE_BUSY_TIMEOUT_MS });
  let appliedMigrations: string[];
  try {
    // WAL lets readers proceed while one writer writes; the setting is stored in the file, so Prisma's own
    // connection (opened below) inherits it.
    raw.pragma("journal_mode = WAL");
    appliedMigrations = await migrate(sqliteDriver(raw), loadMigrations("sqlite", migrationsDir));
  } finally {
    raw.close();
  }
  // better-sqlite3 is compiled with SQLITE_DEFAULT_FOREIGN_KEYS=1, so this connection enforces foreign keys;
  // the repository contract suite checks it.
  const adapter = new PrismaBetterSQLite3({ url: file, timeout: SQLITE_BUSY_TIMEOUT_MS });
  const prisma = new SqlitePrismaClient({ adapter });
  return {
    provider: "sqlite",
    repositories: buildRepositories(prisma),
    appliedMigrations,
    async ping() {
      await prisma.$queryRawUnsafe("SELECT 1");
    },
    close: () => prisma.$disconnect(),
  };
}

async function openPostgres(url: string, migrationsDir?: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: POSTGRES_POOL_SIZE });
  // An idle client whose connection the server ends (a restart, a terminated backend, a dropped test database
  // just after close) is removed from the pool and replaced on next use; without a listener its error would be
  // an uncaught exception that ends the process.
  pool.on("error", () => undefined);
  try {
    const appliedMigrations = await migrate(postgresDriver(pool), loadMigrations("postgresql", migrationsDir));
    const prisma = new PostgresPrismaClient({ adapter: new PrismaPg(pool) });
    return {
      provider: "postgresql",
      // Same models, same API: see server/persistence/prisma/client.ts.
      repositories: buildRepositories(prisma as unknown as Prisma, "postgresql"),
      appliedMigrations,
      async ping() {
        await prisma.$queryRawUnsafe("SELECT 1");
      },
      async close() {
        await prisma.$disconnect();
        await pool.end();
      },
    };
  } catch (error) {
    await pool.end();
    throw error;
  }
}
