/** The connection wrapper: pragmas, statements, transactions, typed errors, the scoped resource. */
import { join } from "node:path";
import { Effect, Exit } from "effect";
import { describe, expect, it } from "vitest";
import { acquireDatabase, Database, StoreError } from "../../src/store";
import { useTempDir } from "./tempDir";

const dir = useTempDir();
const open = () => Database.open(join(dir(), "test.db"));

describe("Database", () => {
  it("opens in WAL mode with synchronous=NORMAL, foreign keys and a busy timeout", async () => {
    const db = await Database.open(join(dir(), "p.db"), { busyTimeoutMs: 1234 });
    expect(await db.get("PRAGMA journal_mode")).toEqual({ journal_mode: "wal" });
    expect(await db.get("PRAGMA synchronous")).toEqual({ synchronous: 1 });
    expect(await db.get("PRAGMA foreign_keys")).toEqual({ foreign_keys: 1 });
    expect(await db.get("PRAGMA busy_timeout")).toEqual({ timeout: 1234 });
    await db.close();
  });

  it("runs, reads and re-runs cached statements with fresh results", async () => {
    const db = await open();
    await db.exec("CREATE TABLE t (a INTEGER, b TEXT)");
    expect(await db.get("SELECT a FROM t ORDER BY a LIMIT 1")).toBeUndefined();
    expect(await db.run("INSERT INTO t VALUES (?, ?)", [2, "two"])).toEqual({ changes: 1, lastId: 1 });
    await db.run("INSERT INTO t VALUES (?, ?)", [1, "one"]);
    // The same text again: a reused statement must run afresh (sqlite3's Statement#get would not).
    expect(await db.get("SELECT a FROM t ORDER BY a LIMIT 1")).toEqual({ a: 1 });
    expect(await db.all("SELECT b FROM t ORDER BY a")).toEqual([{ b: "one" }, { b: "two" }]);
    await db.close();
  });

  it("commits a transaction, and rolls it back with the callback's own error", async () => {
    const db = await open();
    await db.exec("CREATE TABLE t (a INTEGER)");
    await db.transaction(async (tx) => {
      await tx.run("INSERT INTO t VALUES (1)");
    });
    const oops = new Error("oops");
    await expect(
      db.transaction(async (tx) => {
        await tx.run("INSERT INTO t VALUES (2)");
        throw oops;
      }),
    ).rejects.toBe(oops);
    expect(await db.all("SELECT a FROM t")).toEqual([{ a: 1 }]);
    await db.close();
  });

  it("keeps other callers' statements out of an open transaction", async () => {
    const db = await open();
    await db.exec("CREATE TABLE t (a INTEGER)");
    let outside: Promise<unknown> = Promise.resolve();
    await expect(
      db.transaction(async (tx) => {
        await tx.run("INSERT INTO t VALUES (1)");
        outside = db.run("INSERT INTO t VALUES (2)");
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    await outside;
    expect(await db.all("SELECT a FROM t")).toEqual([{ a: 2 }]);
    await db.close();
  });

  it("maps SQL failures to StoreError and recovers once the table exists", async () => {
    const db = await open();
    const failure = await db.get("SELECT * FROM later").catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(StoreError);
    expect((failure as StoreError)._tag).toBe("StoreError");
    expect((failure as StoreError).message).toMatch(/no such table: later/);
    await db.exec("CREATE TABLE later (x)");
    expect(await db.all("SELECT * FROM later")).toEqual([]);
    await db.close();
  });

  it("fails to open a path that cannot be a database", async () => {
    await expect(Database.open(join(dir(), "missing", "dir", "x.db"))).rejects.toBeInstanceOf(StoreError);
  });

  it("is a scoped resource closed by its finalizer", async () => {
    const db = await Effect.runPromise(Effect.scoped(acquireDatabase(join(dir(), "scoped.db"))));
    await expect(db.get("SELECT 1")).rejects.toBeInstanceOf(StoreError);
    const exit = await Effect.runPromiseExit(
      Effect.scoped(acquireDatabase(join(dir(), "no", "such", "x.db"))),
    );
    expect(Exit.isFailure(exit)).toBe(true);
  });
});
