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

/**
 * The topics a client can follow; `alarms` (issue 13): the open alarms on subscribe, then each
 * change; `servers` (issue 14, on a main): its subs, their doors, then their changes and events.
 */
export const Topic = Schema.Literal("events", "doors", "alarms", "servers");
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

/**
 * How deep a message, or a command in it, may nest objects and arrays. The deepest legitimate one
 * (a door put with `config.put`) nests about ten levels. Schema decoding and error formatting
 * recurse, so a value nested thousands deep would overflow the stack: it is refused before decoding.
 */
export const MAX_NESTING = 32;

/** Whether `value` nests objects or arrays more than `limit` levels deep; iterative, so any depth is safe. */
export const nestedDeeperThan = (value: unknown, limit: number): boolean => {
  const stack: Array<{ readonly value: unknown; readonly depth: number }> = [{ value, depth: 0 }];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    if (typeof top.value !== "object" || top.value === null) continue;
    if (top.depth >= limit) return true;
    for (const child of Object.values(top.value)) stack.push({ value: child, depth: top.depth + 1 });
  }
  return false;
};

const tooDeep = (code: "BadMessage" | "BadCommand") =>
  new FeedError({ code, message: `objects and arrays may nest at most ${MAX_NESTING} levels deep` });

/** Longest error message sent back: a refused value is described, not echoed in full. */
const MAX_MESSAGE = 200;

/** Decodes `input` with `schema`, extra fields ignored; a failure names the first bad field. */
const decodeShallow =
  <A, I>(schema: Schema.Schema<A, I>) =>
  (input: unknown): Either.Either<A, FeedError> =>
    Either.mapLeft(Schema.decodeUnknownEither(schema, { onExcessProperty: "ignore" })(input), (error) => {
      const issue = ParseResult.ArrayFormatter.formatErrorSync(error)[0];
      const path = issue?.path.join(".") ?? "";
      const message = path === "" ? (issue?.message ?? "invalid") : `${path}: ${issue?.message ?? "invalid"}`;
      return new FeedError({
        code: "BadCommand",
        message: message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE)}…` : message,
      });
    });

/**
 * Decodes a command's fields with `schema`, extra fields ignored; a failure names the first bad
 * field. Fields nested deeper than {@link MAX_NESTING} are refused before decoding.
 */
export const decodeWith = <A, I>(schema: Schema.Schema<A, I>) => {
  const decode = decodeShallow(schema);
  return (input: unknown): Either.Either<A, FeedError> =>
    nestedDeeperThan(input, MAX_NESTING) ? Either.left(tooDeep("BadCommand")) : decode(input);
};

// Envelopes are checked for depth by `parseClientMessage`, all but a command's own fields.
const decoders = {
  hello: decodeShallow(Hello),
  subscribe: decodeShallow(Subscribe),
  command: decodeShallow(CommandEnvelope),
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
  // A command's own fields are its schema's business (a too deep one is its BadCommand result);
  // everything else, the command's `type` included, must be shallow before it is decoded.
  const { command, ...envelope } = json as Record<string, unknown>;
  const commandObject = typeof command === "object" && command !== null && !Array.isArray(command);
  const shallowPart = commandObject ? (command as { type?: unknown }).type : command;
  if (nestedDeeperThan(envelope, MAX_NESTING) || nestedDeeperThan(shallowPart, MAX_NESTING))
    return Either.left(tooDeep("BadMessage"));
  const type = (json as { type?: unknown }).type;
  if (typeof type !== "string")
    return Either.left(new FeedError({ code: "BadMessage", message: "a message needs a string `type`" }));
  if (!Object.hasOwn(schemas, type))
    return Either.left(new FeedError({ code: "UnknownCommand", message: `unknown message type "${type}"` }));
  return decoders[type as keyof typeof schemas](json);
};
