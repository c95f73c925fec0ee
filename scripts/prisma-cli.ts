/**
 * Runs the Prisma CLI offline and derives the per-provider schemas from prisma/schema.prisma.
 *
 * The CLI downloads native engines unless PRISMA_SCHEMA_ENGINE_BINARY / PRISMA_QUERY_ENGINE_LIBRARY point at an
 * existing file. We never run those engines (the client uses the WebAssembly query compiler and prisma.config.ts
 * selects the WebAssembly schema engine), so any existing file will do; we point them at the schema itself, which
 * would fail loudly rather than silently if anything ever tried to execute it.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export type Provider = "sqlite" | "postgresql";
export const PROVIDERS: readonly Provider[] = ["sqlite", "postgresql"];

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const SCHEMA_PATH = path.join(ROOT, "prisma", "schema.prisma");
export const MIGRATIONS_DIR = path.join(ROOT, "prisma", "migrations");
/** The schema as of the newest migration; `db:migration` diffs against it. */
export const SNAPSHOT_PATH = path.join(MIGRATIONS_DIR, "schema.snapshot.prisma");
const GENERATED_DIR = path.join(ROOT, "server", "persistence", "generated");

const require = createRequire(import.meta.url);
const PRISMA_CLI = require.resolve("prisma/build/index.js");

function cliEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: SCHEMA_PATH,
    PRISMA_QUERY_ENGINE_LIBRARY: SCHEMA_PATH,
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    CHECKPOINT_DISABLE: "1",
  };
}

export function runPrisma(args: string[]): string {
  return execFileSync(process.execPath, [PRISMA_CLI, ...args], {
    cwd: ROOT,
    env: cliEnv(),
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** Rewrites the SQLite source schema for `provider`, with the generated client going to `output`. */
export function deriveSchema(source: string, provider: Provider, output: string): string {
  const url = provider === "sqlite" ? "file:./unused.db" : "postgresql://unused";
  const withDatasource = source.replace(
    /datasource db \{[^}]*\}/,
    `datasource db {\n  provider = "${provider}"\n  url      = "${url}"\n}`,
  );
  return withDatasource.replace(/(generator client \{[^}]*output\s*=\s*)"[^"]*"/, `$1"${output}"`);
}

/** Generates one Prisma client per provider into server/persistence/generated/<provider>. */
export function generateClients(): void {
  const source = readFileSync(SCHEMA_PATH, "utf8");
  mkdirSync(GENERATED_DIR, { recursive: true });
  for (const provider of PROVIDERS) {
    const schemaFile = path.join(GENERATED_DIR, `${provider}.prisma`);
    writeFileSync(schemaFile, deriveSchema(source, provider, `./${provider}`));
    runPrisma(["generate", "--schema", schemaFile]);
  }
}

/**
 * The SQL that takes a database from schema `from` (null: empty database) to schema `to`, for `provider`.
 * Schema-to-schema, so it needs no database and works offline for both providers.
 */
export function diffSql(from: string | null, to: string, provider: Provider): string {
  const dir = mkdtempSync(path.join(tmpdir(), "lr-prisma-diff-"));
  try {
    const toFile = path.join(dir, "to.prisma");
    writeFileSync(toFile, deriveSchema(to, provider, "./unused"));
    const fromArgs = ["--from-empty"];
    if (from !== null) {
      const fromFile = path.join(dir, "from.prisma");
      writeFileSync(fromFile, deriveSchema(from, provider, "./unused"));
      fromArgs.splice(0, 1, "--from-schema-datamodel", fromFile);
    }
    return runPrisma(["migrate", "diff", ...fromArgs, "--to-schema-datamodel", toFile, "--script"]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** True when the SQL only says there is nothing to do. */
export function isEmptyMigration(sql: string): boolean {
  return sql.split("\n").every((line) => line.trim() === "" || line.trim().startsWith("--"));
}
