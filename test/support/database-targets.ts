/**
 * The databases every persistence-facing suite runs on: SQLite always, PostgreSQL when its server answers (skipped
 * with the reason otherwise, required when CI=true — see services.ts).
 */
import { createPostgresDatabase, createSqliteDatabase, type TestDatabase } from "./databases";
import { requireService } from "./services";

const postgres = await requireService("postgresql");

export interface DatabaseTarget {
  name: "sqlite" | "postgresql";
  skip: boolean;
  create(): Promise<TestDatabase>;
}

export const DATABASE_TARGETS: readonly DatabaseTarget[] = [
  { name: "sqlite", skip: false, create: async () => createSqliteDatabase() },
  { name: "postgresql", skip: !postgres.available, create: createPostgresDatabase },
];
