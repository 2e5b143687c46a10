/** API token administration (admin): create (the secret is shown once), revoke, list. */
import { Either, Schema } from "effect";
import type { ApiToken } from "../../store";
import { FeedError } from "../FeedError";
import { type CommandSpec, defineCommand, done } from "./Command";

const Role = Schema.Literal("viewer", "operator", "admin");

/** A token as listed: never its secret; `name` is the store's label, `user` who it belongs to. */
const describe = (t: ApiToken) => ({
  id: t.id,
  role: t.role,
  user: t.user,
  name: t.label,
  createdAt: t.createdAt,
  ...(t.expiresAt !== undefined && { expiresAt: t.expiresAt }),
  ...(t.revokedAt !== undefined && { revokedAt: t.revokedAt }),
});

/** `token.create {role, user?, name?, expiresAt?}`, `token.revoke {id}`, `token.list`. */
export const tokenCommands: Readonly<Record<string, CommandSpec>> = {
  "token.create": defineCommand(
    "admin",
    Schema.Struct({
      role: Role,
      /** The named user the token belongs to (default: `name`): what `ConfigChanged.by` says. */
      user: Schema.optionalWith(Schema.NonEmptyString, { exact: true }),
      name: Schema.optionalWith(Schema.String, { exact: true }),
      /** Epoch milliseconds. */
      expiresAt: Schema.optionalWith(Schema.Int, { exact: true }),
    }),
    async ({ role, user, name, expiresAt }, { backend }) => {
      const issued = await backend.tokens.issue({
        role,
        ...(user !== undefined && { user }),
        ...(name !== undefined && { label: name }),
        ...(expiresAt !== undefined && { expiresAt }),
      });
      return Either.right({ ...describe(issued.token), secret: issued.secret });
    },
  ),
  "token.revoke": defineCommand("admin", Schema.Struct({ id: Schema.String }), async ({ id }, context) => {
    const revoked = await context.backend.tokens.revoke(id);
    if (revoked === "unknown")
      return Either.left(new FeedError({ code: "UnknownToken", message: `no live token "${id}"` }));
    if (revoked === "last-admin")
      return Either.left(
        new FeedError({
          code: "LastAdminToken",
          message: `token "${id}" is the last admin token; create another admin token before revoking it`,
        }),
      );
    context.tokenRevoked(id);
    return done;
  }),
  "token.list": defineCommand("admin", Schema.Struct({}), async (_, { backend }) =>
    Either.right((await backend.tokens.list()).map(describe)),
  ),
};
