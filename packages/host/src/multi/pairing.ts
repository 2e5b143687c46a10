/**
 * Pairing steps of the seed's "Multi server" workflow, on the store: a sub generates its key or
 * revokes it; a main imports a sub's key with a name, host and port, or removes a sub. Each step
 * is checked first and changes nothing when refused. The nats-server configuration follows every
 * change of the main's users (see {@link writeNatsConfig}).
 */
import { writeFile } from "node:fs/promises";
import { Either } from "effect";
import type { ConfigurationKey } from "./ConfigurationKey";
import { secretHash } from "./ConfigurationKey";
import { MAX_SUB_SERVERS, MultiError } from "./MultiError";
import { newSecret, newServerId, type MultiRole, type MultiState, type SubServer } from "./MultiState";
import { natsServerConfig, type NatsServerSettings } from "./natsServerConfig";

/** Where the main keeps the nats-server configuration it generates, and what it says. */
export interface NatsConfigFile extends NatsServerSettings {
  readonly file: string;
}

/** A sub's name, address and port as the operator enters them on the main. */
export interface SubAddress {
  readonly name: string;
  readonly host: string;
  readonly port: number;
}

const refuse = (code: MultiError["code"], message: string) => Either.left(MultiError.of(code, message));

/** Generates this server's configuration key: it is a sub from now on, until the key is revoked. */
export const issueKey = async (
  state: MultiState,
  siteName: string,
  at: Date,
): Promise<Either.Either<ConfigurationKey, MultiError>> => {
  const role = await state.role();
  if (role.role === "main" && (await state.subs()).length > 0)
    return refuse("IsMainServer", "this server is a main server with sub servers; remove them first");
  if (role.role === "sub")
    return refuse("IsSubServer", "this server already has an active configuration key; revoke it first");
  const serverId = newServerId();
  const key: ConfigurationKey = {
    portcullisMultiServerKey: 1,
    serverId,
    siteName,
    nats: { user: `sub-${serverId}`, password: newSecret() },
    secret: newSecret(),
    createdAt: at.toISOString(),
  };
  await state.setCursor(0);
  await state.setRole({ role: "sub", key });
  return Either.right(key);
};

/** Revokes this server's key: it is neither sub nor main any more, and its NATS user is useless. */
export const revokeKey = async (state: MultiState): Promise<Either.Either<void, MultiError>> => {
  const role = await state.role();
  if (role.role !== "sub") return refuse("NotASubServer", "this server has no configuration key to revoke");
  await state.setRole({ role: "none" });
  await state.setCursor(0);
  return Either.right(undefined);
};

/** Makes this server a main (its own NATS user created once); a sub cannot become one. */
export const becomeMain = async (
  state: MultiState,
): Promise<Either.Either<Extract<MultiRole, { role: "main" }>, MultiError>> => {
  const role = await state.role();
  if (role.role === "sub")
    return refuse(
      "IsSubServer",
      "this server is a sub server while its configuration key is active; revoke it first",
    );
  if (role.role === "main") return Either.right(role);
  const serverId = newServerId();
  const main = { role: "main", serverId, natsUser: `main-${serverId}`, natsPassword: newSecret() } as const;
  await state.setRole(main);
  return Either.right(main);
};

/** Imports a sub's key on this server, which becomes (or is) the main. */
export const importKey = async (
  state: MultiState,
  key: ConfigurationKey,
  address: SubAddress,
  at: number,
): Promise<Either.Either<SubServer, MultiError>> => {
  if (address.name.trim() === "") return refuse("BadKeyFile", "a sub server needs a name");
  const role = await state.role();
  if (role.role === "sub")
    return refuse(
      "IsSubServer",
      "this server is a sub server while its configuration key is active; revoke it first",
    );
  if (role.role === "main" && role.serverId === key.serverId)
    return refuse("OwnKey", "this is this server's own key");
  if (await state.secretUsed(secretHash(key)))
    return refuse(
      "KeyAlreadyImported",
      "this configuration key was imported before; generate a new one on the sub server",
    );
  const subs = await state.subs();
  if (subs.length >= MAX_SUB_SERVERS)
    return refuse(
      "TooManySubServers",
      `a main server has at most ${MAX_SUB_SERVERS} sub servers; remove one before adding "${address.name}"`,
    );
  if (subs.some((s) => s.name === address.name))
    return refuse("DuplicateName", `a sub server is already named "${address.name}"`);
  const main = await becomeMain(state);
  if (Either.isLeft(main)) return Either.left(main.left);
  const sub: SubServer = {
    serverId: key.serverId,
    name: address.name,
    host: address.host,
    port: address.port,
    natsUser: key.nats.user,
    natsPassword: key.nats.password,
    addedAt: at,
  };
  await state.addSub(sub, secretHash(key));
  return Either.right(sub);
};

/** Removes a sub by name: its NATS user goes with the next nats-server configuration. */
export const removeSub = async (
  state: MultiState,
  name: string,
  at: number,
): Promise<Either.Either<SubServer, MultiError>> => {
  const sub = (await state.subs()).find((s) => s.name === name);
  if (sub === undefined) return refuse("UnknownSubServer", `no sub server is named "${name}"`);
  await state.removeSub(sub.serverId, at);
  return Either.right(sub);
};

/**
 * Writes the nats-server configuration for the main's users as they are now (readable by its owner
 * only: it holds passwords) and remembers where, so later steps rewrite it. The operator then
 * starts nats-server with it, or reloads it (`nats-server --signal reload`, or SIGHUP).
 */
export const writeNatsConfig = async (
  state: MultiState,
  settings: NatsConfigFile | undefined,
): Promise<Either.Either<NatsConfigFile | undefined, MultiError>> => {
  const main = await becomeMain(state);
  if (Either.isLeft(main)) return Either.left(main.left);
  const target = settings ?? (await state.natsConfigFile());
  if (target === undefined) return Either.right(undefined);
  const { file, ...server } = target;
  await writeFile(file, natsServerConfig(server, main.right, await state.subs()) + "\n", { mode: 0o600 });
  if (settings !== undefined) await state.setNatsConfigFile(settings);
  return Either.right(target);
};
