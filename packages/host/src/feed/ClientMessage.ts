/** Messages a client sends (DESIGN §8), validated with Effect Schema at the boundary. */
import { Either, ParseResult, Schema } from "effect";
import { FeedError } from "./FeedError";

/** A command's correlation id, echoed in its result. */
export const CommandId = Schema.Union(Schema.String, Schema.Number);
export type CommandId = typeof CommandId.Type;

/** The first message: a token, and optionally the first `seq` wanted (inclusive). */
export const Hello = Schema.Struct({
  type: Schema.Literal("hello"),
  token: Schema.String,
  resumeFrom: Schema.optionalWith(Schema.Int.pipe(Schema.greaterThanOrEqualTo(1)), { exact: true }),
});

/** The topics a client can follow. */
export const Topic = Schema.Literal("events", "doors");
export type Topic = typeof Topic.Type;

/** Replaces the connection's topics. */
export const Subscribe = Schema.Struct({
  type: Schema.Literal("subscribe"),
  topics: Schema.Array(Topic),
});

/** A command envelope; `command` is validated by its own schema once its type is known. */
export const CommandEnvelope = Schema.Struct({
  type: Schema.Literal("command"),
  id: CommandId,
  // The index signature keeps the command's own fields for its schema.
  command: Schema.Struct(
    { type: Schema.String },
    Schema.Record({ key: Schema.String, value: Schema.Unknown }),
  ),
});

/** Any client message. */
export type ClientMessage = typeof Hello.Type | typeof Subscribe.Type | typeof CommandEnvelope.Type;

const schemas = { hello: Hello, subscribe: Subscribe, command: CommandEnvelope } as const;

/** Decodes `input` with `schema`, extra fields ignored; a failure names the first bad field. */
export const decodeWith =
  <A, I>(schema: Schema.Schema<A, I>) =>
  (input: unknown): Either.Either<A, FeedError> =>
    Either.mapLeft(Schema.decodeUnknownEither(schema, { onExcessProperty: "ignore" })(input), (error) => {
      const issue = ParseResult.ArrayFormatter.formatErrorSync(error)[0];
      const path = issue?.path.join(".") ?? "";
      return new FeedError({
        code: "BadCommand",
        message: path === "" ? (issue?.message ?? "invalid") : `${path}: ${issue?.message ?? "invalid"}`,
      });
    });

const decoders = {
  hello: decodeWith(Hello),
  subscribe: decodeWith(Subscribe),
  command: decodeWith(CommandEnvelope),
};

/** Parses a text frame: `BadMessage` if it is not a JSON object with a `type`, `UnknownCommand` for an unknown type. */
export const parseClientMessage = (text: string): Either.Either<ClientMessage, FeedError> => {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return Either.left(new FeedError({ code: "BadMessage", message: "not valid JSON" }));
  }
  if (typeof json !== "object" || json === null || Array.isArray(json))
    return Either.left(new FeedError({ code: "BadMessage", message: "a message is a JSON object" }));
  const type = (json as { type?: unknown }).type;
  if (typeof type !== "string")
    return Either.left(new FeedError({ code: "BadMessage", message: "a message needs a string `type`" }));
  if (!Object.hasOwn(schemas, type))
    return Either.left(new FeedError({ code: "UnknownCommand", message: `unknown message type "${type}"` }));
  return decoders[type as keyof typeof schemas](json);
};
