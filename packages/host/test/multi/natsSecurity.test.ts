/**
 * The nats-server configuration a main generates (issue 14, security): each sub reads the globals
 * stream and publishes under its own subjects only; it cannot publish globals, delete the stream or
 * listen to another server; a removed sub cannot connect any more.
 */
import { join } from "node:path";
import { Either } from "effect";
import { connect, DeliverPolicy, type NatsConnection } from "nats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "@portcullis/engine";
import {
  type ConfigurationKey,
  GLOBALS_STREAM,
  globalSubject,
  importKey,
  inboxPrefix,
  replySubjects,
  issueKey,
  MultiState,
  removeSub,
  statusSubject,
  writeNatsConfig,
} from "../../src/multi";
import { Store } from "../../src/store";
import { tempDir } from "../runtime/tempDir";
import { freePort, NatsServer, until } from "./natsServer";

describe("per-server NATS credentials", () => {
  const root = tempDir("multi-nats");
  const stores: Store[] = [];
  const open = async (name: string) => {
    const store = await Store.open({ path: join(root, `${name}.db`), clock: systemClock });
    stores.push(store);
    return new MultiState(store.db);
  };
  let nats: NatsServer;
  let main: MultiState;
  let a: ConfigurationKey;
  let b: ConfigurationKey;
  const connections: NatsConnection[] = [];
  const as = async (user: string, password: string) => {
    const nc = await connect({
      servers: nats.url,
      user,
      pass: password,
      inboxPrefix: inboxPrefix(user),
      reconnect: false,
    });
    connections.push(nc);
    return nc;
  };
  const violations = (nc: NatsConnection) => {
    const seen: string[] = [];
    void (async () => {
      for await (const s of nc.status()) if (s.type === "error") seen.push(String(s.data));
    })();
    return seen;
  };

  beforeAll(async () => {
    main = await open("main");
    a = Either.getOrThrow(await issueKey(await open("a"), "a", new Date()));
    b = Either.getOrThrow(await issueKey(await open("b"), "b", new Date()));
    const port = await freePort();
    nats = new NatsServer(join(root, "nats.conf"), port);
    await writeNatsConfig(main, {
      file: nats.configFile,
      host: "127.0.0.1",
      port,
      storeDir: join(root, "js"),
    });
    await importKey(main, a, { name: "A", host: "h", port: 1 }, 1);
    await importKey(main, b, { name: "B", host: "h", port: 1 }, 2);
    await writeNatsConfig(main, undefined);
    await nats.start();
    const role = await main.role();
    if (role.role !== "main") throw new Error("not a main");
    const nc = await as(role.natsUser, role.natsPassword);
    const jsm = await nc.jetstreamManager();
    await jsm.streams.add({ name: GLOBALS_STREAM, subjects: ["pc.globals.>"], max_msgs_per_subject: 1 });
    await nc
      .jetstream()
      .publish(globalSubject("cardholder", "x"), JSON.stringify({ entity: "cardholder", id: "x" }));
  }, 30_000);

  afterAll(async () => {
    for (const c of connections) await c.close().catch(() => {});
    await nats?.stop();
    for (const s of stores) await s.close();
  });

  it("lets a sub read the globals stream and publish its own status", async () => {
    const nc = await as(a.nats.user, a.nats.password);
    const seen = violations(nc);
    const consumer = await nc.jetstream().consumers.get(GLOBALS_STREAM, {
      // DeliverPolicy.All never delivers with this client and nats-server 2.9: start at sequence 1.
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: 1,
    });
    const messages = await consumer.consume();
    let first: string | undefined;
    for await (const m of messages) {
      first = m.subject;
      break;
    }
    expect(first).toBe(globalSubject("cardholder", "x"));
    nc.publish(statusSubject(a.serverId), "{}");
    await nc.flush();
    expect(seen).toEqual([]);
  });

  it("refuses a sub publishing globals, deleting the stream, or listening to another server", async () => {
    const nc = await as(a.nats.user, a.nats.password);
    const seen = violations(nc);
    nc.publish(globalSubject("cardholder", "forged"), "{}");
    nc.publish(statusSubject(b.serverId), "{}");
    nc.subscribe(`pc.server.${b.serverId}.>`);
    await expect(
      nc.request(`$JS.API.STREAM.DELETE.${GLOBALS_STREAM}`, "", { timeout: 1_000 }),
    ).rejects.toThrow();
    // Answers to the main go under the sub's own prefix of the main's inbox, not another sub's.
    const role = await main.role();
    if (role.role !== "main") throw new Error("not a main");
    nc.publish(`${replySubjects(role.natsUser, a.serverId)}.x`, "{}");
    nc.publish(`${replySubjects(role.natsUser, b.serverId)}.x`, "{}");
    await until("five permission violations", () => seen.length >= 5);
    expect(seen.every((s) => s === "PERMISSIONS_VIOLATION")).toBe(true);
    const refused = nats.log.split("\n").filter((l) => l.includes(`User "${a.nats.user}"`));
    expect(refused.join("\n")).toContain(
      `Publish Violation - User "${a.nats.user}", Subject "pc.globals.cardholder.`,
    );
    expect(refused.join("\n")).toContain(`Subject "pc.server.${b.serverId}.status"`);
    expect(refused.join("\n")).toContain(
      `Subscription Violation - User "${a.nats.user}", Subject "pc.server.${b.serverId}.>"`,
    );
    expect(refused.join("\n")).toContain(`Subject "$JS.API.STREAM.DELETE.${GLOBALS_STREAM}"`);
    expect(refused.join("\n")).toContain(`Subject "${replySubjects(role.natsUser, b.serverId)}.x"`);
    expect(refused.join("\n")).not.toContain(`Subject "${replySubjects(role.natsUser, a.serverId)}.x"`);
  });

  it("shuts a removed sub out once nats-server reloads the configuration", async () => {
    const nc = await as(b.nats.user, b.nats.password);
    await removeSub(main, "B", 3);
    await writeNatsConfig(main, undefined);
    await nats.reload();
    await until("the removed sub disconnected", () => nc.isClosed());
    await expect(as(b.nats.user, b.nats.password)).rejects.toThrow(/Authorization/i);
    // The other sub is still in.
    expect((await as(a.nats.user, a.nats.password)).isClosed()).toBe(false);
  });
});
