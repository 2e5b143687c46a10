/**
 * Multi-server with a real nats-server and three hosts in one process (issue 14): pairing, global
 * cardholders and groups replicated and used in a sub's own rules, read-only there, a partition of
 * NATS and of the main caught up without loss or duplicates, and a sub removed.
 */
import { join } from "node:path";
import { Either } from "effect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConfigChange } from "@portcullis/engine";
import { tempDir } from "../runtime/tempDir";
import { freePort, NatsServer, until } from "./natsServer";
import { startServer, swipe, type TestServer } from "./multiSite";

const ASHLEY = { id: "ashley", firstName: "Ashley", lastName: "Rios", global: true };
const ASHLEY_CARD = {
  id: "ashley-card",
  cardholderId: "ashley",
  name: "Badge",
  kind: "card",
  number: "5005",
};
const GLOBAL_GROUP = { id: "gg", name: "Global Group", initials: "GG", global: true, members: ["ashley"] };

const put = (entity: "cardholder" | "credential" | "group" | "rule", value: unknown): ConfigChange => ({
  op: "put",
  entity,
  value,
});

const configure = async (server: TestServer, change: ConfigChange) => {
  const result = await server.host.config.configure(change, "admin");
  if (Either.isLeft(result)) throw new Error(result.left.message);
};

const configChanges = (server: TestServer, id: string) =>
  server.events.filter((e) => e.type === "ConfigChanged" && e.id === id).length;

const cardholder = (server: TestServer, id: string) =>
  server.host.site.policy.cardholders.find((c) => c.id === id);

describe("multi-server replication", () => {
  const root = tempDir("multi");
  let nats: NatsServer;
  let main: TestServer;
  let sub: TestServer;
  let other: TestServer;
  const keys = new Map<string, string>();

  beforeAll(async () => {
    const port = await freePort();
    nats = new NatsServer(join(root, "nats.conf"), port);
    main = await startServer(root, "main", nats.url);
    sub = await startServer(root, "sub", nats.url);
    other = await startServer(root, "other", nats.url);
    const written = await main.multi.writeNatsConfig({
      file: nats.configFile,
      host: "127.0.0.1",
      port,
      storeDir: join(root, "jetstream"),
    });
    expect(Either.isRight(written)).toBe(true);
    for (const [server, name] of [
      [sub, "Sub A"],
      [other, "Sub B"],
    ] as const) {
      const key = Either.getOrThrow(await server.multi.issueKey());
      keys.set(name, JSON.stringify(key));
      const added = await main.multi.addSub(JSON.stringify(key), { name, host: "127.0.0.1", port: 29215 });
      expect(Either.getOrThrow(added).name).toBe(name);
    }
    await nats.start();
  }, 30_000);

  afterAll(async () => {
    for (const s of [other, sub, main]) await s?.stop();
    await nats?.stop();
  });

  it("pairs: a sub cannot become a main while its key is active, and the main lists its subs Connected", async () => {
    const refused = await sub.multi.addSub("{}", { name: "x", host: "h", port: 1 });
    expect(Either.isLeft(refused) && refused.left.code).toBe("BadKeyFile");
    const again = await sub.multi.writeNatsConfig({
      file: join(root, "x.conf"),
      host: "127.0.0.1",
      port: 1,
      storeDir: root,
    });
    expect(Either.isLeft(again) && again.left.code).toBe("IsSubServer");
    const asSub = await main.multi.issueKey();
    expect(Either.isLeft(asSub) && asSub.left.code).toBe("IsMainServer");
    await until("both subs Connected", async () =>
      ((await main.multi.status()).subs ?? []).every((s) => s.status === "Connected"),
    );
    expect((await main.multi.status()).subs).toMatchObject([
      { name: "Sub A", host: "127.0.0.1", port: 29215, status: "Connected" },
      { name: "Sub B", status: "Connected" },
    ]);
  });

  it("replicates global cardholders and groups; a sub uses them in its own rules and cannot edit them", async () => {
    await configure(main, put("cardholder", ASHLEY));
    await configure(main, put("credential", ASHLEY_CARD));
    await configure(main, put("group", GLOBAL_GROUP));
    // A local cardholder of the main stays on the main.
    expect(cardholder(main, "alice")).toBeDefined();
    for (const s of [sub, other])
      await until("the global group on the sub", () =>
        s.host.site.policy.groups.some((g) => g.id === "gg" && g.members.includes("ashley")),
      );
    expect(cardholder(sub, "ashley")).toMatchObject({ firstName: "Ashley", global: true });
    expect((await sub.multi.status()).origin).toBe("main");

    expect(swipe(sub, 5005n)).toBe("AccessDenied Unauthorized");
    await configure(
      sub,
      put("rule", {
        id: "gg-lobby",
        name: "Global group in the lobby",
        groups: ["gg"],
        doors: ["lobby"],
        schedules: ["always"],
      }),
    );
    expect(swipe(sub, 5005n)).toBe("AccessGranted");

    const edit = sub.multi.refuse(put("cardholder", { ...ASHLEY, firstName: "Changed" }));
    expect(edit?.code).toBe("GlobalReadOnly");
    expect(edit?.message).toContain('main server "main"');
    expect(sub.multi.refuse({ op: "remove", entity: "credential", id: "ashley-card" })?.code).toBe(
      "GlobalReadOnly",
    );
    expect(sub.multi.refuse(put("group", { ...GLOBAL_GROUP, members: [] }))?.code).toBe("GlobalReadOnly");
    expect(
      sub.multi.refuse(put("cardholder", { id: "x", firstName: "X", lastName: "Y", global: true }))?.code,
    ).toBe("GlobalReadOnly");
    // A local group may take a global cardholder.
    expect(
      sub.multi.refuse(put("group", { id: "local", name: "Local", members: ["ashley", "alice"] })),
    ).toBeUndefined();
  });

  it("suspension reaches the subs", async () => {
    await configure(main, put("cardholder", { ...ASHLEY, suspended: true }));
    await until("suspended on the sub", () => cardholder(sub, "ashley")?.suspended === true);
    expect(swipe(sub, 5005n)).toBe("AccessDenied CredentialNotEnabled");
  });

  it("shows every server's doors and events on the main, and runs a door command on the sub it names", async () => {
    const doors = Either.getOrThrow(await main.multi.doors());
    expect(doors.unreachable).toEqual([]);
    expect(doors.items.map((d) => `${d.server}/${d.id}`)).toEqual([
      "main/lobby",
      "Sub A/lobby",
      "Sub B/lobby",
    ]);

    const sent = Either.getOrThrow(
      await main.multi.command("Sub A", { type: "door.unlock", doorId: "lobby" }, "operator"),
    );
    expect(sent).toEqual({ ok: true });
    expect(sub.host.site.door("lobby")?.slot).toBe("unlock");
    expect(other.host.site.door("lobby")?.slot).toBe("none");
    // The sub runs only manual door and zone commands, and refuses what its own site refuses.
    const config = Either.getOrThrow(await main.multi.command("Sub A", { type: "config.put" }, "operator"));
    expect(config).toMatchObject({ ok: false, error: { code: "BadCommand" } });
    const unknown = Either.getOrThrow(
      await main.multi.command("Sub A", { type: "door.lock", doorId: "nowhere" }, "operator"),
    );
    expect(unknown).toMatchObject({ ok: false });
    expect(
      Either.isLeft(await main.multi.command("Nobody", { type: "door.lock", doorId: "lobby" }, "operator")),
    ).toBe(true);
    expect(
      Either.getOrThrow(
        await main.multi.command("Sub A", { type: "door.reset", doorId: "lobby" }, "operator"),
      ),
    ).toEqual({ ok: true });

    // The main's own events are searched with the subs', under its site name.
    expect(swipe(main, 9999n)).toBe("AccessDenied CredentialNotFound");
    await until("the main's own denial in the aggregated search", async () => {
      const found = Either.getOrThrow(await main.multi.events({ types: ["AccessDenied"] }));
      return found.items.some((e) => e.server === "main");
    });
    await until("the sub's manual actions in the aggregated search", async () => {
      const found = Either.getOrThrow(await main.multi.events({ types: ["ManualAction"] }));
      return found.items.filter((e) => e.server === "Sub A").length === 2;
    });
    const found = Either.getOrThrow(await main.multi.events({ types: ["ManualAction", "AccessDenied"] }));
    const fromSub = found.items.filter((e) => e.server === "Sub A");
    expect(fromSub[0]).toMatchObject({
      type: "ManualAction",
      doorId: "lobby",
      by: 'operator via main "main"',
    });
    expect(fromSub.some((e) => e.type === "AccessDenied")).toBe(true);
    expect(found.items.every((e) => ["main", "Sub A", "Sub B"].includes(e.server))).toBe(true);
    // On a sub there is nothing to aggregate.
    expect(Either.isLeft(await sub.multi.doors())).toBe(true);
  });

  it("keeps deciding while NATS is down and catches up once, in order, when it is back", async () => {
    await nats.stop();
    await until("the main to see the subs Disconnected", async () =>
      ((await main.multi.status()).subs ?? []).every((s) => s.status === "Disconnected"),
    );
    await configure(main, put("cardholder", { ...ASHLEY, suspended: false }));
    await configure(main, put("credential", { ...ASHLEY_CARD, id: "ashley-card2", number: "5006" }));
    await configure(main, { op: "remove", entity: "credential", id: "ashley-card" });
    // The sub decides from its own copy meanwhile.
    expect(swipe(sub, 5005n)).toBe("AccessDenied CredentialNotEnabled");

    await nats.start();
    for (const s of [sub, other])
      await until("the outage's changes on the sub", () =>
        s.host.site.policy.credentials.some((c) => c.id === "ashley-card2"),
      );
    expect(swipe(sub, 5006n)).toBe("AccessGranted");
    expect(swipe(sub, 5005n)).toBe("AccessDenied CredentialNotFound");
    expect(configChanges(sub, "ashley-card2")).toBe(1);
    expect(configChanges(sub, "ashley-card")).toBe(2);
  }, 30_000);

  it("a change made while the main was down arrives once after it is back; a restarted sub applies nothing twice", async () => {
    await main.stop();
    main = await startServer(root, "main", nats.url);
    await configure(main, put("cardholder", { ...ASHLEY, lastName: "Rios-Berg" }));
    await until("the rename on the sub", () => cardholder(sub, "ashley")?.lastName === "Rios-Berg");
    expect(configChanges(sub, "ashley")).toBe(4);

    const cursor = sub.multi.replica!.applied;
    await sub.stop();
    sub = await startServer(root, "sub", nats.url);
    await until("the sub to reconnect", async () => (await sub.multi.status()).nats);
    await main.multi.publisher!.idle();
    await configure(main, put("cardholder", { ...ASHLEY, lastName: "Rios" }));
    await until("the next change on the restarted sub", () => cardholder(sub, "ashley")?.lastName === "Rios");
    await until("the cursor stored past the restart", () => sub.multi.replica!.applied > cursor);
    // Only the new change: nothing from before the restart again.
    expect(configChanges(sub, "ashley")).toBe(1);
    expect(configChanges(sub, "ashley-card2")).toBe(0);
  }, 30_000);

  it("removing a sub: globals made local on the main leave the subs, the removed sub loses NATS, then revokes", async () => {
    await configure(main, put("cardholder", { ...ASHLEY, global: false }));
    await configure(main, put("group", { ...GLOBAL_GROUP, global: false }));
    await until("the globals gone from the sub", () => cardholder(sub, "ashley") === undefined);
    await until(
      "the global group gone from the sub",
      () => !sub.host.site.policy.groups.some((g) => g.id === "gg"),
    );
    expect(cardholder(main, "ashley")).toMatchObject({ global: false });

    const removed = await main.multi.removeSub("Sub A");
    expect(Either.getOrThrow(removed).name).toBe("Sub A");
    await nats.reload();
    await until("the removed sub off NATS", async () => !(await sub.multi.status()).nats);
    expect((await main.multi.status()).subs?.map((s) => s.name)).toEqual(["Sub B"]);
    expect(Either.isRight(await sub.multi.revokeKey())).toBe(true);
    expect((await sub.multi.status()).role).toBe("none");
    // A sub revoked while it still holds globals keeps them, as its own local entities.
    await configure(main, put("cardholder", { id: "ben", firstName: "Ben", lastName: "Berg", global: true }));
    await until("the new global on the other sub", () => cardholder(other, "ben") !== undefined);
    expect(Either.isRight(await other.multi.revokeKey())).toBe(true);
    expect(cardholder(other, "ben")).toMatchObject({ global: false });
    expect(
      other.multi.refuse(put("cardholder", { id: "ben", firstName: "B", lastName: "Berg" })),
    ).toBeUndefined();
    // Its key is spent: importing it again is refused.
    const again = await main.multi.addSub(keys.get("Sub A")!, {
      name: "Sub A",
      host: "127.0.0.1",
      port: 29215,
    });
    expect(Either.isLeft(again) && again.left.code).toBe("KeyAlreadyImported");
  }, 30_000);
});
