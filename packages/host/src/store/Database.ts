/** A Promise wrapper over one sqlite3 connection: pragmas, serialised access, transactions, cached statements. */
import sqlite3 from "sqlite3";
import { ownerOnly } from "./ownerOnly";
import { StoreError, toStoreError } from "./StoreError";

/** A value SQLite binds or returns. */
export type SqlValue = string | number | null | Uint8Array;

/** Positional parameters of a statement. */
export type SqlParams = ReadonlyArray<SqlValue>;

/** What a write statement changed. */
export interface RunResult {
  readonly changes: number;
  readonly lastId: number;
}

/**
 * The statements a caller can issue, outside a transaction or inside one. `run`, `get` and `all`
 * go through prepared statements cached by SQL text, so hot paths parse their SQL once: bind
 * values, never splice them into the text. `exec` runs a script of several statements, uncached.
 */
export interface Executor {
  run(sql: string, params?: SqlParams): Promise<RunResult>;
  get<T>(sql: string, params?: SqlParams): Promise<T | undefined>;
  all<T>(sql: string, params?: SqlParams): Promise<T[]>;
  exec(sql: string): Promise<void>;
}

/** Connection settings. */
export interface DatabaseOptions {
  /** How long a statement waits for another connection's lock before failing; default 5 000 ms. */
  readonly busyTimeoutMs?: number;
}

const noop = (): void => {};

const failure = (sql: string, cause: unknown): StoreError =>
  toStoreError(`SQL failed (${sql.length > 80 ? `${sql.slice(0, 80)}…` : sql})`)(cause);

/** Runs one sqlite3 callback-style call, mapping its error at the boundary. */
const call = async <A>(
  sql: string,
  start: (done: (err: Error | null, value: A) => void) => void,
): Promise<A> => {
  try {
    return await new Promise<A>((resolve, reject) =>
      start((err, value) => (err ? reject(err) : resolve(value))),
    );
  } catch (e) {
    throw failure(sql, e);
  }
};

/**
 * The statements of one connection. Not exported: it does no locking, and only the owner of the
 * connection's turn (the database itself, or a running transaction) may use it.
 */
class Connection implements Executor {
  private readonly statements = new Map<string, Promise<sqlite3.Statement>>();

  constructor(private readonly raw: sqlite3.Database) {}

  /** The cached statement; sqlite3 silently drops calls queued on one that failed to prepare, so that is awaited. */
  private statement(sql: string): Promise<sqlite3.Statement> {
    let stmt = this.statements.get(sql);
    if (stmt === undefined) {
      stmt = call<sqlite3.Statement>(sql, (done) => {
        const s: sqlite3.Statement = this.raw.prepare(sql, (err: Error | null) => done(err, s));
      });
      // A statement that failed to prepare (a table not migrated yet) is prepared again next time.
      stmt.catch(() => this.statements.delete(sql));
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  async run(sql: string, params: SqlParams = []): Promise<RunResult> {
    const stmt = await this.statement(sql);
    return call<RunResult>(sql, (done) =>
      stmt.run(params, function (this: sqlite3.RunResult, err: Error | null) {
        done(err, { changes: this.changes, lastId: this.lastID });
      }),
    );
  }

  // `Statement#get` does not re-run a reused statement that last returned no row, and otherwise
  // leaves it mid-step holding a read snapshot; `all` always runs to completion.
  async get<T>(sql: string, params: SqlParams = []): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  async all<T>(sql: string, params: SqlParams = []): Promise<T[]> {
    const stmt = await this.statement(sql);
    return call<T[]>(sql, (done) => stmt.all<T>(params, done));
  }

  exec(sql: string): Promise<void> {
    return call<void>(sql, (done) => this.raw.exec(sql, (err: Error | null) => done(err, undefined)));
  }

  /** Finalizes every cached statement: sqlite3 refuses to close a connection with live ones. */
  async finalizeAll(): Promise<void> {
    const prepared = await Promise.allSettled(this.statements.values());
    this.statements.clear();
    await Promise.all(
      prepared.map((p) =>
        p.status === "fulfilled"
          ? new Promise<void>((resolve) => p.value.finalize(() => resolve()))
          : undefined,
      ),
    );
  }
}

/**
 * One SQLite connection in WAL mode with `synchronous=NORMAL` (see PERSISTENCE.md for what that
 * survives), foreign keys on and a busy timeout. Every operation and every transaction holds the
 * connection in turn: node-sqlite3 would otherwise run statements in any order and let another
 * caller's statement land inside an open transaction.
 */
export class Database implements Executor {
  private tail: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(
    private readonly raw: sqlite3.Database,
    private readonly connection: Connection,
    /** The database file. */
    readonly path: string,
  ) {}

  /** Opens (creating if needed, mode 0600) the database file and applies the connection pragmas. */
  static async open(path: string, options: DatabaseOptions = {}): Promise<Database> {
    const raw = await (
      path === ":memory:" ? Promise.resolve() : ownerOnly(path, ["-wal", "-shm", "-journal"])
    )
      .then(
        () =>
          new Promise<sqlite3.Database>((resolve, reject) => {
            const db: sqlite3.Database = new sqlite3.Database(path, (err) =>
              err ? reject(err) : resolve(db),
            );
          }),
      )
      .catch((cause: unknown) => {
        throw toStoreError(`cannot open ${path}`)(cause);
      });
    const db = new Database(raw, new Connection(raw), path);
    try {
      // What survives a crash (PERSISTENCE.md) depends on WAL: refuse a file system that cannot do it.
      const mode = await db.get<{ journal_mode: string }>("PRAGMA journal_mode = WAL");
      if (mode?.journal_mode !== "wal" && path !== ":memory:")
        throw new StoreError({
          message: `${path}: WAL mode unavailable (${mode?.journal_mode})`,
          cause: undefined,
        });
      await db.exec(
        `PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;
         PRAGMA busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? 5_000)};`,
      );
    } catch (e) {
      await db.close().catch(noop);
      throw e;
    }
    return db;
  }

  /** Runs `fn` when every earlier operation on this connection has finished. */
  private exclusive<A>(fn: () => Promise<A>): Promise<A> {
    if (this.closed)
      return Promise.reject(new StoreError({ message: `${this.path} is closed`, cause: undefined }));
    const result = this.tail.then(fn);
    this.tail = result.then(noop, noop);
    return result;
  }

  /** Runs one write statement. */
  run(sql: string, params?: SqlParams): Promise<RunResult> {
    return this.exclusive(() => this.connection.run(sql, params));
  }

  /** The first row of a query, if any. */
  get<T>(sql: string, params?: SqlParams): Promise<T | undefined> {
    return this.exclusive(() => this.connection.get<T>(sql, params));
  }

  /** Every row of a query. */
  all<T>(sql: string, params?: SqlParams): Promise<T[]> {
    return this.exclusive(() => this.connection.all<T>(sql, params));
  }

  /** Runs a script of statements (schema changes, pragmas). */
  exec(sql: string): Promise<void> {
    return this.exclusive(() => this.connection.exec(sql));
  }

  /**
   * Runs `fn` in one write transaction (`BEGIN IMMEDIATE`: the write lock is taken up front, so a
   * busy database waits here rather than failing at the first write), committed if `fn` resolves,
   * rolled back if it rejects (with `fn`'s own error). Inside, use only `tx`: the database's own
   * methods would wait for this transaction to end.
   */
  transaction<A>(fn: (tx: Executor) => Promise<A>): Promise<A> {
    return this.exclusive(async () => {
      await this.connection.run("BEGIN IMMEDIATE");
      try {
        const result = await fn(this.connection);
        await this.connection.run("COMMIT");
        return result;
      } catch (e) {
        await this.connection.run("ROLLBACK").catch(noop);
        // SQL failures are StoreErrors already; anything else is the caller's own (a conflict, a bug).
        throw e;
      }
    });
  }

  /** Waits for the operations in progress, then closes the connection; later calls fail. */
  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    const done = this.exclusive(async () => {
      await this.connection.finalizeAll();
      await new Promise<void>((resolve, reject) => this.raw.close((err) => (err ? reject(err) : resolve())));
    }).catch((cause: unknown) => {
      throw toStoreError(`cannot close ${this.path}`)(cause);
    });
    this.closed = true;
    return done;
  }
}
