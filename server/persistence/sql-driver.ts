/**
 * The minimum the migrator (and the test suites) need from a raw database connection, implemented for
 * better-sqlite3 and pg so the migration logic itself is one piece of code for both providers.
 */
import BetterSqlite3 from "better-sqlite3";
import type pg from "pg";

export type Provider = "sqlite" | "postgresql";

export interface SqlTransaction {
  /** Runs a script of one or more statements without parameters (a migration file). */
  exec(sql: string): Promise<void>;
  /** One statement with `$1, $2…` placeholders, each used once and in order (SQLite binds them positionally). */
  query<Row>(sql: string, params?: unknown[]): Promise<Row[]>;
}

export interface SqlDriver extends SqlTransaction {
  readonly provider: Provider;
  /**
   * Runs `work` in a transaction that holds the database's migration lock, so several processes starting at
   * once apply each migration exactly once: SQLite's BEGIN IMMEDIATE takes the write lock; PostgreSQL takes a
   * transaction-scoped advisory lock.
   */
  transaction<T>(work: (tx: SqlTransaction) => Promise<T>): Promise<T>;
}

/** Arbitrary but fixed: identifies our migration lock among PostgreSQL advisory locks. */
const MIGRATION_LOCK_KEY = 7_391_204_517;

export function sqliteDriver(db: BetterSqlite3.Database): SqlDriver {
  const tx: SqlTransaction = {
    async exec(sql) {
      db.exec(sql);
    },
    async query<Row>(sql: string, params: unknown[] = []) {
      const statement = db.prepare(sql.replace(/\$\d+/g, "?"));
      return (statement.reader ? statement.all(...params) : (statement.run(...params), [])) as Row[];
    },
  };
  return {
    provider: "sqlite",
    ...tx,
    async transaction(work) {
      // SQLite changes a table's definition by copying it and dropping the original, and DROP TABLE runs the
      // ON DELETE actions of every referencing row: with foreign keys on, a migration that redefines Classroom
      // would cascade-delete its memberships. Foreign keys can only be switched off outside a transaction, so
      // switch them off around it and check every reference before committing instead (SQLite's documented
      // procedure for schema changes).
      db.pragma("foreign_keys = OFF");
      db.exec("BEGIN IMMEDIATE");
      try {
        const result = await work(tx);
        const violations = db.pragma("foreign_key_check") as unknown[];
        if (violations.length > 0) throw new Error(`the change breaks ${violations.length} foreign key reference(s)`);
        db.exec("COMMIT");
        return result;
      } catch (error) {
        if (db.inTransaction) db.exec("ROLLBACK");
        throw error;
      } finally {
        db.pragma("foreign_keys = ON");
      }
    },
  };
}

export function postgresDriver(pool: pg.Pool): SqlDriver {
  const on = (client: pg.Pool | pg.PoolClient): SqlTransaction => ({
    async exec(sql) {
      await client.query(sql);
    },
    async query<Row>(sql: string, params: unknown[] = []) {
      return (await client.query(sql, params)).rows as Row[];
    },
  });
  return {
    provider: "postgresql",
    ...on(pool),
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        await client.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK_KEY]);
        const result = await work(on(client));
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
  };
}
