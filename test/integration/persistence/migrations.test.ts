/**
 * The versioned migrations are the only way the schema reaches a database, so they must build exactly what
 * prisma/schema.prisma says (no drift), on both providers; and the migrator must be safe to run repeatedly and
 * refuse databases it cannot trust.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diffSql, SCHEMA_PATH, SNAPSHOT_PATH } from "@/scripts/prisma-cli";
import { loadMigrations, migrate, MigrationError } from "@/server/persistence/migrator";
import { postgresDriver, sqliteDriver, type Provider, type SqlDriver } from "@/server/persistence/sql-driver";
import { createPostgresDatabase, createSqliteDatabase, type TestDatabase } from "../../support/databases";
import { describeSchema } from "../../support/schema-introspection";
import { requireService } from "../../support/services";

const postgres = await requireService("postgresql");

interface Connected {
  driver: SqlDriver;
  close(): Promise<void>;
}

async function connect(provider: Provider, db: TestDatabase): Promise<Connected> {
  if (provider === "sqlite") {
    const raw = new BetterSqlite3(db.url.replace(/^file:/, ""));
    return { driver: sqliteDriver(raw), close: async () => void raw.close() };
  }
  const pool = new pg.Pool({ connectionString: db.url, max: 2 });
  return { driver: postgresDriver(pool), close: () => pool.end() };
}

it("has a migration for every change to prisma/schema.prisma (run `npm run db:migration -- <name>`)", () => {
  expect(readFileSync(SNAPSHOT_PATH, "utf8")).toBe(readFileSync(SCHEMA_PATH, "utf8"));
});

const providers: { provider: Provider; skip: boolean; create: () => Promise<TestDatabase> }[] = [
  { provider: "sqlite", skip: false, create: async () => createSqliteDatabase() },
  { provider: "postgresql", skip: !postgres.available, create: createPostgresDatabase },
];

for (const { provider, skip, create } of providers) {
  describe.skipIf(skip)(`migrations on ${provider}`, () => {
    const cleanup: (() => Promise<void>)[] = [];
    async function fresh(): Promise<Connected> {
      const db = await create();
      const connected = await connect(provider, db);
      cleanup.push(async () => {
        await connected.close();
        await db.drop();
      });
      return connected;
    }
    afterAll(async () => {
      for (const step of cleanup.reverse()) await step();
    });

    it("build exactly the schema that prisma/schema.prisma describes", async () => {
      const migrated = await fresh();
      expect(await migrate(migrated.driver, loadMigrations(provider))).not.toHaveLength(0);

      const direct = await fresh();
      await direct.driver.exec(diffSql(null, readFileSync(SCHEMA_PATH, "utf8"), provider));

      const expected = await describeSchema(direct.driver);
      expect(expected.length).toBeGreaterThan(10);
      expect(await describeSchema(migrated.driver)).toEqual(expected);
    });

    describe("the migrator", () => {
      let dir: string;
      beforeAll(() => {
        dir = mkdtempSync(path.join(tmpdir(), "lr-migrations-"));
      });
      afterAll(() => rmSync(dir, { recursive: true, force: true }));

      function write(name: string, sql: string) {
        mkdirSync(path.join(dir, provider, name), { recursive: true });
        writeFileSync(path.join(dir, provider, name, "migration.sql"), sql);
      }

      it("applies each migration once, in order, and records it", async () => {
        write("001_a", `CREATE TABLE "a" ("id" INTEGER PRIMARY KEY);`);
        write("002_b", `CREATE TABLE "b" ("id" INTEGER PRIMARY KEY); INSERT INTO "a" ("id") VALUES (1);`);
        const { driver } = await fresh();
        expect(await migrate(driver, loadMigrations(provider, dir))).toEqual(["001_a", "002_b"]);
        expect(await migrate(driver, loadMigrations(provider, dir))).toEqual([]);
        expect(await driver.query(`SELECT "id" FROM "a"`)).toHaveLength(1);
        const recorded = await driver.query<{ name: string }>(`SELECT "name" FROM "_loss_race_migrations" ORDER BY "name"`);
        expect(recorded.map((r) => r.name)).toEqual(["001_a", "002_b"]);
      });

      it("rolls a failing migration back entirely and applies nothing after it", async () => {
        const failing = mkdtempSync(path.join(tmpdir(), "lr-migrations-failing-"));
        cleanup.push(async () => rmSync(failing, { recursive: true, force: true }));
        for (const [name, sql] of [
          ["001_ok", `CREATE TABLE "ok" ("id" INTEGER PRIMARY KEY);`],
          ["002_broken", `CREATE TABLE "half" ("id" INTEGER PRIMARY KEY); INSERT INTO "missing_table" VALUES (1);`],
          ["003_later", `CREATE TABLE "later" ("id" INTEGER PRIMARY KEY);`],
        ]) {
          mkdirSync(path.join(failing, provider, name!), { recursive: true });
          writeFileSync(path.join(failing, provider, name!, "migration.sql"), sql!);
        }
        const { driver } = await fresh();
        await expect(migrate(driver, loadMigrations(provider, failing))).rejects.toThrow();
        const tables = (await describeSchema(driver)).join("\n");
        expect(tables).toMatch(/\bok\b/);
        expect(tables).not.toMatch(/\bhalf\b/);
        expect(tables).not.toMatch(/\blater\b/);
        const recorded = await driver.query<{ name: string }>(`SELECT "name" FROM "_loss_race_migrations"`);
        expect(recorded.map((r) => r.name)).toEqual(["001_ok"]);
      });

      // PostgreSQL alters tables in place; only SQLite rebuilds them.
      if (provider === "sqlite") it("keeps referencing rows when a migration redefines a table (SQLite copies and drops it)", async () => {
        const redefine = mkdtempSync(path.join(tmpdir(), "lr-migrations-redefine-"));
        cleanup.push(async () => rmSync(redefine, { recursive: true, force: true }));
        const steps: [string, string][] = [
          [
            "001_tables",
            `CREATE TABLE "Parent" ("id" TEXT NOT NULL PRIMARY KEY, "name" TEXT NOT NULL, "old" TEXT);
             CREATE TABLE "Child" ("id" TEXT NOT NULL PRIMARY KEY, "parentId" TEXT NOT NULL,
               CONSTRAINT "Child_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Parent" ("id") ON DELETE CASCADE ON UPDATE CASCADE);
             INSERT INTO "Parent" VALUES ('p1', 'one', 'x');
             INSERT INTO "Child" VALUES ('c1', 'p1');`,
          ],
          // What \`prisma migrate diff\` writes for SQLite when a column is dropped.
          [
            "002_drop_old",
            `PRAGMA defer_foreign_keys=ON;
             PRAGMA foreign_keys=OFF;
             CREATE TABLE "new_Parent" ("id" TEXT NOT NULL PRIMARY KEY, "name" TEXT NOT NULL);
             INSERT INTO "new_Parent" ("id", "name") SELECT "id", "name" FROM "Parent";
             DROP TABLE "Parent";
             ALTER TABLE "new_Parent" RENAME TO "Parent";
             PRAGMA foreign_keys=ON;
             PRAGMA defer_foreign_keys=OFF;`,
          ],
        ];
        for (const [name, sql] of steps) {
          mkdirSync(path.join(redefine, provider, name), { recursive: true });
          writeFileSync(path.join(redefine, provider, name, "migration.sql"), sql);
        }
        const { driver } = await fresh();
        await driver.exec("PRAGMA foreign_keys = ON");
        expect(await migrate(driver, loadMigrations(provider, redefine))).toEqual(["001_tables", "002_drop_old"]);
        expect(await driver.query(`SELECT "id", "parentId" FROM "Child"`)).toEqual([{ id: "c1", parentId: "p1" }]);
        expect(await driver.query("PRAGMA foreign_keys")).toEqual([{ foreign_keys: 1 }]);
      });

      it("refuses a database whose applied migration was edited since", async () => {
        const edited = mkdtempSync(path.join(tmpdir(), "lr-migrations-edited-"));
        cleanup.push(async () => rmSync(edited, { recursive: true, force: true }));
        const file = path.join(edited, provider, "001_a", "migration.sql");
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(file, `CREATE TABLE "a" ("id" INTEGER PRIMARY KEY);`);
        const { driver } = await fresh();
        await migrate(driver, loadMigrations(provider, edited));
        writeFileSync(file, `CREATE TABLE "a" ("id" INTEGER PRIMARY KEY, "x" TEXT);`);
        await expect(migrate(driver, loadMigrations(provider, edited))).rejects.toThrow(/001_a was changed/);
      });

      it("refuses a database migrated by a newer version", async () => {
        const { driver } = await fresh();
        await migrate(driver, loadMigrations(provider, dir));
        const older = loadMigrations(provider, dir).slice(0, 1);
        const error = await migrate(driver, older).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(MigrationError);
        expect(String(error)).toMatch(/002_b, which this version of Loss Race does not know/);
      });
    });
  });
}
