/**
 * `npm run db:migration -- <name>`: after editing prisma/schema.prisma, writes the SQL that migrates the previous
 * schema (prisma/migrations/schema.snapshot.prisma) to the new one, once per provider, as
 * prisma/migrations/<provider>/<timestamp>_<name>/migration.sql, then advances the snapshot. The app applies the
 * files at start-up (server/persistence/migrator.ts).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { diffSql, isEmptyMigration, MIGRATIONS_DIR, PROVIDERS, SCHEMA_PATH, SNAPSHOT_PATH } from "./prisma-cli";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]{1,60}$/.test(name)) {
  console.error("Usage: npm run db:migration -- <name>   (lower-case letters, digits and _, e.g. add_races)");
  process.exit(1);
}

const current = readFileSync(SCHEMA_PATH, "utf8");
const previous = existsSync(SNAPSHOT_PATH) ? readFileSync(SNAPSHOT_PATH, "utf8") : null;
const sqlByProvider = PROVIDERS.map((provider) => ({ provider, sql: diffSql(previous, current, provider) }));

if (sqlByProvider.every(({ sql }) => isEmptyMigration(sql))) {
  console.log("prisma/schema.prisma has not changed since the last migration: nothing to write.");
  process.exit(0);
}

// UTC timestamps sort the same way everywhere, so migrations apply in the order they were written.
const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
for (const { provider, sql } of sqlByProvider) {
  const dir = path.join(MIGRATIONS_DIR, provider, `${stamp}_${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "migration.sql"), sql);
  console.log(`wrote ${path.relative(process.cwd(), dir)}/migration.sql`);
}
writeFileSync(SNAPSHOT_PATH, current);
