/** The site's main encryption key, held outside the database (DESIGN §3): an environment variable or a key file. */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { randomBytes } from "node:crypto";
import { dirname } from "node:path";
import { Data, Effect, Either } from "effect";

/** The environment variable read by default. */
export const MAIN_KEY_ENV = "PORTCULLIS_MAIN_KEY";

/** Length of the main key in bytes. */
export const MAIN_KEY_BYTES = 32;

/** The key is missing, malformed or its file cannot be read or created. */
export class MainKeyError extends Data.TaggedError("MainKeyError")<{
  readonly message: string;
  readonly cause: unknown;
}> {}

/** Where to look for the key. */
export interface MainKeyOptions {
  /** Read, or created with 32 random bytes (mode 0600) when absent; used when the variable is unset. */
  readonly keyFile?: string;
  /** Name of the environment variable; default `PORTCULLIS_MAIN_KEY`. */
  readonly env?: string;
  /** The environment to read; default `process.env`. */
  readonly environment?: Readonly<Record<string, string | undefined>>;
}

/** Decodes a key written as 64 hex digits or as base64 (standard or URL-safe) of 32 bytes. */
export const parseMainKey = (text: string, source: string): Either.Either<Buffer, MainKeyError> => {
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t)
    ? Buffer.from(t, "hex")
    : /^[A-Za-z0-9+/_-]+={0,2}$/.test(t)
      ? Buffer.from(t, "base64")
      : undefined;
  return key?.length === MAIN_KEY_BYTES
    ? Either.right(key)
    : Either.left(
        new MainKeyError({
          message: `${source}: the main key must be ${MAIN_KEY_BYTES} bytes as hex or base64`,
          cause: undefined,
        }),
      );
};

const isCode = (e: unknown, code: string): boolean => (e as { code?: unknown } | null)?.code === code;

/** Reads the key file, creating it first if it does not exist; `wx` leaves a concurrent creator's key alone. */
const keyFileText = (file: string): Promise<string> =>
  readFile(file, "utf8").catch(async (e: unknown) => {
    if (!isCode(e, "ENOENT")) throw e;
    await mkdir(dirname(file), { recursive: true, mode: 0o700 });
    await writeFile(file, `${randomBytes(MAIN_KEY_BYTES).toString("hex")}\n`, {
      mode: 0o600,
      flag: "wx",
    }).catch((w: unknown) => {
      if (!isCode(w, "EEXIST")) throw w;
    });
    return readFile(file, "utf8");
  });

/** Loads the main key: the environment variable if set, else the key file (created when absent). */
export const loadMainKey = (options: MainKeyOptions = {}): Effect.Effect<Buffer, MainKeyError> =>
  Effect.gen(function* () {
    const name = options.env ?? MAIN_KEY_ENV;
    const fromEnv = (options.environment ?? process.env)[name];
    if (fromEnv !== undefined && fromEnv.trim() !== "") return yield* parseMainKey(fromEnv, `$${name}`);
    const file = options.keyFile;
    if (file === undefined)
      return yield* new MainKeyError({
        message: `no main key: set ${name} or give a key file`,
        cause: undefined,
      });
    const text = yield* Effect.tryPromise({
      try: () => keyFileText(file),
      catch: (cause) =>
        new MainKeyError({ message: `cannot read or create the key file ${file}: ${String(cause)}`, cause }),
    });
    return yield* parseMainKey(text, file);
  });
