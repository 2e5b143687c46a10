/** The shape of a WebSocket command: the role it needs, its parameters' schema, and what it does. */
import { Either, type Schema } from "effect";
import type { TokenRole } from "../../store";
import { decodeWith } from "../ClientMessage";
import type { FeedBackend } from "../FeedBackend";
import { FeedError } from "../FeedError";

/** What a command runs with. */
export interface CommandContext {
  readonly backend: FeedBackend;
  /** Who acts: `by` of `ManualAction`, `ConfigChanged` and `AlarmAcknowledged`. */
  readonly by: string;
  /** The caller's role: what a read may show depends on it. */
  readonly role: TokenRole;
  /** Tells the server a token was revoked, so its open connections end. */
  readonly tokenRevoked: (tokenId: string) => void;
}

/** A command's outcome: a value for the result (`undefined`: none), or a refusal. */
export type CommandOutcome = Either.Either<unknown, FeedError>;

/** A registered command; `handle` validates the command object, then runs it. */
export interface CommandSpec {
  readonly role: TokenRole;
  readonly handle: (command: unknown, context: CommandContext) => Promise<CommandOutcome>;
}

/** Defines a command from its role, the schema of its command object, and its effect. */
export const defineCommand = <A, I>(
  role: TokenRole,
  schema: Schema.Schema<A, I>,
  run: (params: A, context: CommandContext) => CommandOutcome | Promise<CommandOutcome>,
): CommandSpec => {
  const decode = decodeWith(schema);
  return {
    role,
    handle: async (command, context) => {
      const params = decode(command);
      return Either.isLeft(params) ? params : run(params.right, context);
    },
  };
};

/** The refusal of a command whose backend part this host does not run. */
export const notAvailable = (what: string): CommandOutcome =>
  Either.left(new FeedError({ code: "NotAvailable", message: `${what} is not available on this host` }));

/** A successful outcome without a value. */
export const done: CommandOutcome = Either.right(undefined);

/**
 * A command's outcome once what it journalled is committed: an operator hears "ok" only when a
 * crash can no longer lose the action (actuation never waited for it). If the commit fails, the
 * action is in effect but not stored: the answer says so, and the journal keeps retrying.
 */
export const onceStored = async (
  outcome: CommandOutcome,
  { backend }: CommandContext,
): Promise<CommandOutcome> => {
  if (Either.isLeft(outcome)) return outcome;
  try {
    await backend.journal.flush();
  } catch (e) {
    return Either.left(
      new FeedError({
        code: "Internal",
        message: `done, but not stored yet (${String(e)}); the journal keeps retrying`,
      }),
    );
  }
  return outcome;
};
