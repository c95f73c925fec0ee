/**
 * A provider-neutral description of a database's structure (tables, columns, indexes, constraints), used to
 * prove that the migrations build exactly the schema that prisma/schema.prisma describes.
 */
import type { SqlDriver } from "@/server/persistence/sql-driver";

const OWN_TABLE = "_loss_race_migrations";

export async function describeSchema(driver: SqlDriver): Promise<string[]> {
  return driver.provider === "sqlite" ? describeSqlite(driver) : describePostgres(driver);
}

async function describeSqlite(driver: SqlDriver): Promise<string[]> {
  const tables = await driver.query<{ name: string }>(
    `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '${OWN_TABLE}' ORDER BY name`,
  );
  const facts: string[] = [];
  for (const { name } of tables) {
    facts.push(`table ${name}`);
    for (const c of await driver.query<Record<string, unknown>>(`PRAGMA table_info("${name}")`)) {
      facts.push(`column ${name}.${c.name} ${c.type} notnull=${c.notnull} default=${c.dflt_value} pk=${c.pk}`);
    }
    for (const i of await driver.query<{ name: string; unique: number }>(`PRAGMA index_list("${name}")`)) {
      const cols = await driver.query<{ name: string }>(`PRAGMA index_info("${i.name}")`);
      facts.push(`index ${name}.${i.name} unique=${i.unique} (${cols.map((c) => c.name).join(",")})`);
    }
    for (const f of await driver.query<Record<string, unknown>>(`PRAGMA foreign_key_list("${name}")`)) {
      facts.push(`fk ${name}.${f.from} -> ${f.table}.${f.to} delete=${f.on_delete} update=${f.on_update}`);
    }
  }
  return facts.sort();
}

async function describePostgres(driver: SqlDriver): Promise<string[]> {
  const columns = await driver.query<Record<string, string>>(
    `SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns
     WHERE table_schema = 'public' AND table_name <> '${OWN_TABLE}'`,
  );
  const indexes = await driver.query<Record<string, string>>(
    `SELECT tablename, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '${OWN_TABLE}'`,
  );
  const constraints = await driver.query<Record<string, string>>(
    `SELECT c.conrelid::regclass::text AS table_name, c.conname, pg_get_constraintdef(c.oid) AS def
     FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
     WHERE n.nspname = 'public' AND c.conrelid::regclass::text <> '${OWN_TABLE}'`,
  );
  return [
    ...columns.map((c) => `column ${c.table_name}.${c.column_name} ${c.data_type} nullable=${c.is_nullable} default=${c.column_default}`),
    ...indexes.map((i) => `index ${i.tablename} ${i.indexdef}`),
    ...constraints.map((c) => `constraint ${c.table_name}.${c.conname} ${c.def}`),
  ].sort();
}
