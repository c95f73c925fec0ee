/** What the history suites share: both databases to run on, and a run small enough to train in a test. */
import { withOverrides } from "@/lib/ml/config";
import { createPostgresDatabase, createSqliteDatabase, type TestDatabase } from "../../support/databases";
import { requireService } from "../../support/services";

const postgres = await requireService("postgresql");

export const DATABASE_TARGETS: { name: string; skip: boolean; create(): Promise<TestDatabase> }[] = [
  { name: "sqlite", skip: false, create: async () => createSqliteDatabase() },
  { name: "postgresql", skip: !postgres.available, create: createPostgresDatabase },
];

export const TINY = withOverrides({ model: { cell: "GRU", hidden: 4 }, epochs: 20, rolloutEvery: 10 });

export const MINUTE = 60_000;
