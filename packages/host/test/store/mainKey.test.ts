/** The main key: from the environment (hex or base64) or a key file created with mode 0600. */
import { randomBytes } from "node:crypto";
import { readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Effect, Either } from "effect";
import { describe, expect, it } from "vitest";
import { loadMainKey, MAIN_KEY_ENV } from "../../src/store";
import { useTempDir } from "./tempDir";

const dir = useTempDir();
const load = (options: Parameters<typeof loadMainKey>[0]) =>
  Effect.runPromise(Effect.either(loadMainKey(options)));

describe("loadMainKey", () => {
  const key = randomBytes(32);

  it("reads the environment variable as hex or base64, before any key file", async () => {
    for (const text of [
      key.toString("hex"),
      key.toString("base64"),
      key.toString("base64url"),
      ` ${key.toString("hex")}\n`,
    ]) {
      const result = await load({ keyFile: join(dir(), "never"), environment: { [MAIN_KEY_ENV]: text } });
      expect(Either.getOrThrow(result).equals(key)).toBe(true);
    }
    await expect(stat(join(dir(), "never"))).rejects.toThrow();
    const custom = await load({ env: "OTHER_KEY", environment: { OTHER_KEY: key.toString("hex") } });
    expect(Either.isRight(custom)).toBe(true);
  });

  it("refuses a key of the wrong length or encoding", async () => {
    for (const text of [
      "abcd",
      randomBytes(16).toString("hex"),
      "not a key!",
      randomBytes(33).toString("base64"),
    ]) {
      const result = await load({ environment: { [MAIN_KEY_ENV]: text } });
      expect(Either.isLeft(result) && result.left._tag).toBe("MainKeyError");
    }
  });

  it("creates a missing key file with 32 random bytes and mode 0600, then reads the same key", async () => {
    const keyFile = join(dir(), "keys", "main.key");
    const first = Either.getOrThrow(await load({ keyFile, environment: {} }));
    expect(first).toHaveLength(32);
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    expect((await readFile(keyFile, "utf8")).trim()).toBe(first.toString("hex"));
    const second = Either.getOrThrow(await load({ keyFile, environment: {} }));
    expect(second.equals(first)).toBe(true);
  });

  it("reads an existing key file in base64 and fails on a bad one or none at all", async () => {
    const keyFile = join(dir(), "given.key");
    await writeFile(keyFile, key.toString("base64"));
    expect(Either.getOrThrow(await load({ keyFile, environment: {} })).equals(key)).toBe(true);
    await writeFile(keyFile, "short");
    expect(Either.isLeft(await load({ keyFile, environment: {} }))).toBe(true);
    const none = await load({ environment: {} });
    expect(Either.isLeft(none) && none.left.message).toMatch(/PORTCULLIS_MAIN_KEY/);
  });
});
