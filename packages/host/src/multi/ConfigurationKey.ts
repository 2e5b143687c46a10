/**
 * The configuration key file a sub server generates for its main (seed "Generate the configuration
 * file from the sub server"): the sub's server id, the NATS user and password it will connect with,
 * and a one-time secret that makes the file good for one import.
 */
import { createHash } from "node:crypto";
import { Either, Schema } from "effect";
import { MultiError } from "./MultiError";

/** The key file's content (JSON). */
export const ConfigurationKey = Schema.Struct({
  portcullisMultiServerKey: Schema.Literal(1),
  serverId: Schema.String.pipe(Schema.pattern(/^[0-9a-f]{16}$/)),
  siteName: Schema.String,
  nats: Schema.Struct({
    user: Schema.String.pipe(Schema.pattern(/^sub-[0-9a-f]{16}$/)),
    password: Schema.String.pipe(Schema.minLength(32)),
  }),
  secret: Schema.String.pipe(Schema.minLength(32)),
  createdAt: Schema.String,
});
export type ConfigurationKey = typeof ConfigurationKey.Type;

const decode = Schema.decodeUnknownEither(ConfigurationKey);

/** Reads a key file's text; anything else is `BadKeyFile`, saying what is wrong. */
export const parseConfigurationKey = (text: string): Either.Either<ConfigurationKey, MultiError> => {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return Either.left(MultiError.of("BadKeyFile", `not a configuration key file: ${(e as Error).message}`));
  }
  return Either.mapLeft(decode(json), (e) =>
    MultiError.of("BadKeyFile", `not a configuration key file: ${e.message.split("\n")[0] ?? ""}`),
  );
};

/** What a main keeps of the one-time secret: enough to refuse the same file twice, not to reuse it. */
export const secretHash = (key: ConfigurationKey): string =>
  createHash("sha256").update(`${key.serverId}:${key.secret}`).digest("hex");
