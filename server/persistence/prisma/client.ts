/**
 * The Prisma client type our repositories are written against. There are two generated clients (one per
 * provider, see scripts/prisma-cli.ts) built from the same models, so their model APIs are identical; the
 * repositories use the SQLite client's types and the PostgreSQL client is handed over under the same type
 * (server/persistence/database.ts).
 */
import type { PrismaClient } from "../generated/sqlite/client";

export type Prisma = PrismaClient;
/** What a `$transaction(async (tx) => …)` callback receives. */
export type PrismaTx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

/** Unique-constraint violation (Prisma's P2002), whichever adapter raised it. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}
