/**
 * `portcullis multi …` (seed "Multi server"), for a data directory no host runs on (a running host
 * takes the same steps as `multi.*` WebSocket commands):
 * - on a sub: `multi key FILE` writes its configuration key file; `multi revoke` revokes it;
 * - on the main: `multi nats-config FILE --nats-listen HOST:PORT --jetstream-dir DIR` writes the
 *   nats-server configuration (and keeps it current from then on); `multi add FILE --name NAME
 *   --host HOST [--port PORT]` imports a sub's key; `multi remove NAME` removes a sub;
 * - `multi list` prints this server's role, and a main's subs, one JSON object per line.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { Either } from "effect";
import { databaseFile } from "../backup";
import {
  importKey,
  issueKey,
  MultiState,
  parseConfigurationKey,
  removeSub,
  revokeKey,
  writeNatsConfig,
  type MultiError,
} from "../multi";
import { DataDirInUse, DataDirLock, Store } from "../store";
import { systemClock } from "@portcullis/engine";
import { type CliCommand, type CliIo, usageError } from "./command";

const LISTEN = /^(?<host>[^:]+):(?<port>\d{1,5})$/;

/** The sub's port when the operator gives none: the default `--listen` port. */
const DEFAULT_PORT = 8080;

interface Parsed {
  readonly action: string | undefined;
  readonly args: ReadonlyArray<string>;
  readonly dataDir: string;
  readonly values: Record<string, string | undefined>;
}

const parse = (args: ReadonlyArray<string>, io: CliIo): Parsed | number => {
  try {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: {
        data: { type: "string" },
        name: { type: "string" },
        host: { type: "string" },
        port: { type: "string" },
        "nats-listen": { type: "string" },
        "jetstream-dir": { type: "string" },
      },
      allowPositionals: true,
    });
    const [action, ...rest] = positionals;
    return { action, args: rest, dataDir: resolve(values.data ?? "data"), values };
  } catch (error) {
    return usageError(io, multiCommand, (error as Error).message);
  }
};

const refused = (io: CliIo, e: MultiError): number => {
  io.err(`portcullis multi: ${e.code}: ${e.message}`);
  return 1;
};

/** Runs `work` on the store of `dataDir`, holding the directory. */
const withState = async (
  dataDir: string,
  io: CliIo,
  work: (state: MultiState, store: Store) => Promise<number>,
) => {
  // Pairing may come before the first start: the store is created then, as a start would.
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const database = databaseFile(dataDir);
  let lock: DataDirLock;
  try {
    lock = await DataDirLock.acquire(dataDir);
  } catch (e) {
    if (!(e instanceof DataDirInUse)) throw e;
    io.err(`portcullis multi: ${e.message}: use its multi.* WebSocket commands, or stop it first`);
    return 1;
  }
  try {
    const store = await Store.open({ path: database, clock: systemClock });
    try {
      return await work(new MultiState(store.db), store);
    } finally {
      await store.close();
    }
  } finally {
    await lock.release();
  }
};

const one = (p: Parsed, io: CliIo, what: string): string | number =>
  p.args.length === 1
    ? p.args[0]!
    : usageError(io, multiCommand, `multi ${p.action ?? ""} takes one ${what}`);

const run = async (p: Parsed, io: CliIo): Promise<number> => {
  switch (p.action) {
    case "key": {
      const file = one(p, io, "FILE");
      if (typeof file === "number") return file;
      return withState(p.dataDir, io, async (state, store) => {
        const site = (await store.siteDocuments.get())?.value as { site?: { name?: string } } | undefined;
        const key = await issueKey(state, site?.site?.name ?? "", new Date(systemClock.now()));
        if (Either.isLeft(key)) return refused(io, key.left);
        await writeFile(file, JSON.stringify(key.right, null, 2) + "\n", { mode: 0o600 });
        io.out(
          `Configuration key written to ${file}: import it on the main server. This server is a sub server until the key is revoked.`,
        );
        return 0;
      });
    }
    case "revoke":
      if (p.args.length > 0) return usageError(io, multiCommand, "multi revoke takes no arguments");
      return withState(p.dataDir, io, async (state) => {
        const revoked = await revokeKey(state);
        if (Either.isLeft(revoked)) return refused(io, revoked.left);
        io.out("Configuration key revoked: this server is neither a sub nor a main server.");
        return 0;
      });
    case "add": {
      const file = one(p, io, "key FILE");
      if (typeof file === "number") return file;
      const { name, host } = p.values;
      const port = Number(p.values["port"] ?? DEFAULT_PORT);
      if (name === undefined || host === undefined)
        return usageError(io, multiCommand, "multi add needs --name NAME and --host HOST");
      if (!Number.isInteger(port) || port < 1 || port > 65_535)
        return usageError(io, multiCommand, "--port takes a port number from 1 to 65535");
      let text: string;
      try {
        text = await readFile(file, "utf8");
      } catch (e) {
        io.err(`portcullis multi: cannot read ${file}: ${(e as Error).message}`);
        return 1;
      }
      const key = parseConfigurationKey(text);
      if (Either.isLeft(key)) return refused(io, key.left);
      return withState(p.dataDir, io, async (state) => {
        const added = await importKey(state, key.right, { name, host, port }, systemClock.now());
        if (Either.isLeft(added)) return refused(io, added.left);
        const written = Either.getOrUndefined(await writeNatsConfig(state, undefined));
        io.out(`Sub server "${name}" (${host}:${port}) added.${reloadHint(written?.file)}`);
        return 0;
      });
    }
    case "remove": {
      const name = one(p, io, "NAME");
      if (typeof name === "number") return name;
      return withState(p.dataDir, io, async (state) => {
        const removed = await removeSub(state, name, systemClock.now());
        if (Either.isLeft(removed)) return refused(io, removed.left);
        const written = Either.getOrUndefined(await writeNatsConfig(state, undefined));
        io.out(`Sub server "${name}" removed; revoke its key on it.${reloadHint(written?.file)}`);
        return 0;
      });
    }
    case "list":
      return withState(p.dataDir, io, async (state) => {
        const role = await state.role();
        io.out(
          JSON.stringify(
            role.role === "sub"
              ? { role: "sub", serverId: role.key.serverId }
              : role.role === "main"
                ? { role: "main", serverId: role.serverId }
                : { role: "none" },
          ),
        );
        for (const s of await state.subs())
          io.out(JSON.stringify({ name: s.name, host: s.host, port: s.port, serverId: s.serverId }));
        return 0;
      });
    case "nats-config": {
      const file = one(p, io, "FILE");
      if (typeof file === "number") return file;
      const listen = LISTEN.exec(p.values["nats-listen"] ?? "")?.groups;
      const storeDir = p.values["jetstream-dir"];
      if (listen === undefined || storeDir === undefined)
        return usageError(
          io,
          multiCommand,
          "multi nats-config needs --nats-listen HOST:PORT and --jetstream-dir DIR",
        );
      return withState(p.dataDir, io, async (state) => {
        const written = await writeNatsConfig(state, {
          file: resolve(file),
          host: listen["host"]!,
          port: Number(listen["port"]),
          storeDir: resolve(storeDir),
        });
        if (Either.isLeft(written)) return refused(io, written.left);
        io.out(
          `nats-server configuration written to ${file}: run \`nats-server -c ${file}\`. This server is the main server.`,
        );
        return 0;
      });
    }
    default:
      return usageError(
        io,
        multiCommand,
        p.action === undefined ? "what to do?" : `unknown step "${p.action}"`,
      );
  }
};

const reloadHint = (file: string | undefined): string =>
  file === undefined
    ? " Write the nats-server configuration with `portcullis multi nats-config`."
    : ` ${file} is updated: reload nats-server (\`nats-server --signal reload\`, or SIGHUP).`;

export const multiCommand: CliCommand = {
  words: ["multi"],
  usage:
    "portcullis multi (key FILE | revoke | add FILE --name NAME --host HOST [--port PORT] | remove NAME | list | nats-config FILE --nats-listen HOST:PORT --jetstream-dir DIR) [--data DIR]",
  run: async (args, io) => {
    const p = parse(args, io);
    return typeof p === "number" ? p : run(p, io);
  },
};
