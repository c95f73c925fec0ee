/**
 * Applies prisma/migrations/<provider>/<version>_<name>/migration.sql at start-up, oldest first, each in its own
 * transaction together with its row in `_loss_race_migrations`, so a failed migration leaves nothing half-done
 * and is retried at the next start. Prisma's own `migrate deploy` cannot run against PostgreSQL through the
 * offline WebAssembly engine, hence this small migrator, identical for both providers.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Provider, SqlDriver } from "./sql-driver";

export const DEFAULT_MIGRATIONS_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../prisma/migrations",
);

const TABLE = "_loss_race_migrations";

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export function loadMigrations(provider: Provider, dir = DEFAULT_MIGRATIONS_DIR): Migration[] {
  const providerDir = path.join(dir, provider);
  if (!existsSync(providerDir)) return [];
  return readdirSync(providerDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(providerDir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

export class MigrationError extends Error {}

/** Applies what is missing and returns the names applied now. Refuses to run against a database it does not recognise. */
export async function migrate(driver: SqlDriver, migrations: Migration[]): Promise<string[]> {
  await driver.exec(
    `CREATE TABLE IF NOT EXISTS "${TABLE}" ("name" TEXT PRIMARY KEY, "checksum" TEXT NOT NULL, "appliedAt" TEXT NOT NULL)`,
  );
  const recorded = await driver.query<{ name: string; checksum: string }>(`SELECT "name", "checksum" FROM "${TABLE}"`);
  const known = new Map(migrations.map((m) => [m.name, m]));
  for (const row of recorded) {
    const migration = known.get(row.name);
    if (!migration) {
      throw new MigrationError(
        `The database has migration ${row.name}, which this version of Loss Race does not know: it was written by a newer version. Upgrade, or use another DATABASE_URL.`,
      );
    }
    if (migration.checksum !== row.checksum) {
      throw new MigrationError(
        `Migration ${row.name} was changed after it was applied to this database. Restore the original file and add a new migration instead (npm run db:migration -- <name>).`,
      );
    }
  }

  const applied: string[] = [];
  const done = new Set(recorded.map((row) => row.name));
  for (const migration of migrations) {
    if (done.has(migration.name)) continue;
    const ran = await driver.transaction(async (tx) => {
      // Another process may have applied it while we waited for the lock.
      const already = await tx.query(`SELECT 1 FROM "${TABLE}" WHERE "name" = $1`, [migration.name]);
      if (already.length > 0) return false;
      await tx.exec(migration.sql);
      await tx.query(`INSERT INTO "${TABLE}" ("name", "checksum", "appliedAt") VALUES ($1, $2, $3)`, [
        migration.name,
        migration.checksum,
        new Date().toISOString(),
      ]);
      return true;
    });
    if (ran) applied.push(migration.name);
  }
  return applied;
}
