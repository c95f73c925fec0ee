/**
 * Prisma CLI configuration. The CLI is only used offline for `generate` and schema-to-schema `migrate diff`
 * (see scripts/prisma.ts); the JS engine below makes it use the WebAssembly schema engine bundled with the CLI
 * instead of downloading a native one. Migrations are applied by the app itself (server/persistence/migrator.ts),
 * because the JS engine cannot deploy to PostgreSQL.
 */
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { defineConfig } from "prisma/config";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  // Only reached by commands that need a live database (none of ours); an in-memory database keeps them harmless.
  async adapter() {
    return new PrismaBetterSQLite3({ url: ":memory:" });
  },
});
