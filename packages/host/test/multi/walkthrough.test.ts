/**
 * The multi-server how-to end to end across real processes (issue 14): a sub generates its key,
 * the main writes the nats-server configuration and imports the key, nats-server runs with it, both
 * hosts start with `--nats`; a global cardholder and group made on the main appear on the sub,
 * read-only there; the main shows the sub Connected; the main stopped and started again, a change
 * made then still reaches the sub.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { connect, type TestClient } from "../feed/client";
import { type HostProcess, serving, startHost } from "../cli/hostProcess";
import { portcullis } from "../cli/run";
import { tempDir } from "../runtime/tempDir";
import { multiSiteWithoutReaders } from "./multiSite";
import { freePort, NatsServer, until } from "./natsServer";

const ADMIN = "walkthrough-admin-token-0123456789abcdef";

const admin = async (host: HostProcess): Promise<TestClient> => {
  const client = await connect(host.wsUrl);
  expect(await client.hello(ADMIN)).toMatchObject({ type: "welcome", role: "admin" });
  return client;
};

const ok = async (client: TestClient, command: { readonly type: string } & Record<string, unknown>) => {
  const result = await client.command(command);
  expect(result, JSON.stringify(command)).toMatchObject({ ok: true });
  return result["value"];
};

describe("multi-server walk-through", () => {
  const root = tempDir("multi-walk");
  const running: HostProcess[] = [];
  let nats: NatsServer | undefined;
  afterAll(async () => {
    for (const h of running)
      if (h.alive()) {
        h.child.kill("SIGTERM");
        await h.exited();
      }
    await nats?.stop();
  });

  const start = async (name: string, natsUrl: string) => {
    const host = serving(
      await startHost(
        [
          "--config",
          join(root, `${name}.json`),
          "--data",
          join(root, name),
          "--listen",
          "127.0.0.1:0",
          "--nats",
          natsUrl,
        ],
        { PORTCULLIS_ADMIN_TOKEN: ADMIN },
      ),
    );
    running.push(host);
    return host;
  };

  it("pairs a sub, replicates globals read-only, shows it Connected, and survives a main restart", async () => {
    for (const name of ["main", "sub"])
      writeFileSync(join(root, `${name}.json`), JSON.stringify(multiSiteWithoutReaders(name)));
    const natsPort = await freePort();
    const natsConf = join(root, "nats.conf");

    // Step 1 — the sub server generates its configuration key file.
    const key = portcullis("multi", "key", join(root, "sub.key"), "--data", join(root, "sub"));
    expect(key.code, key.stderr).toBe(0);
    // While the key is active it cannot become a main.
    const notMain = portcullis(
      "multi",
      "nats-config",
      join(root, "x.conf"),
      "--nats-listen",
      "127.0.0.1:1",
      "--jetstream-dir",
      root,
      "--data",
      join(root, "sub"),
    );
    expect(notMain.code).toBe(1);
    expect(notMain.stderr).toContain("IsSubServer");

    // Step 1 — the main writes the nats-server configuration and imports the key.
    const conf = portcullis(
      "multi",
      "nats-config",
      natsConf,
      "--nats-listen",
      `127.0.0.1:${natsPort}`,
      "--jetstream-dir",
      join(root, "jetstream"),
      "--data",
      join(root, "main"),
    );
    expect(conf.code, conf.stderr).toBe(0);
    const add = portcullis(
      "multi",
      "add",
      join(root, "sub.key"),
      "--name",
      "MyServer",
      "--host",
      "127.0.0.1",
      "--port",
      "29215",
      "--data",
      join(root, "main"),
    );
    expect(add.code, add.stderr).toBe(0);
    expect(add.lines[0]).toContain('Sub server "MyServer" (127.0.0.1:29215) added.');
    const list = portcullis("multi", "list", "--data", join(root, "main"));
    expect(JSON.parse(list.lines[1]!)).toMatchObject({ name: "MyServer", host: "127.0.0.1", port: 29215 });

    nats = new NatsServer(natsConf, natsPort);
    await nats.start();
    let main = await start("main", nats.url);
    const sub = await start("sub", nats.url);
    let mainClient = await admin(main);
    const subClient = await admin(sub);

    await until("the sub Connected on the main", async () => {
      const status = (await mainClient.command({ type: "multi.status" }))["value"] as {
        subs: Array<{ status: string }>;
      };
      return status.subs[0]?.status === "Connected";
    });

    // Steps 2 and 3 — a global cardholder with a card, and a global group, on the main.
    await ok(mainClient, {
      type: "config.put",
      entity: "cardholder",
      value: { id: "ashley", firstName: "Ashley", lastName: "Rios", global: true },
    });
    await ok(mainClient, {
      type: "config.put",
      entity: "credential",
      value: { id: "ashley-card", cardholderId: "ashley", name: "Badge", kind: "card", number: "5005" },
    });
    await ok(mainClient, {
      type: "config.put",
      entity: "group",
      value: { id: "gg", name: "Global Group", initials: "GG", global: true, members: ["ashley"] },
    });

    // Step 4 — on the sub they are Global, usable in its own rules, and read-only.
    const groupsOnSub = async () =>
      (await ok(subClient, { type: "config.get", entity: "group" })) as Array<{
        id: string;
        members: string[];
      }>;
    await until("the global group on the sub", async () =>
      (await groupsOnSub()).some((g) => g.id === "gg" && g.members.includes("ashley")),
    );
    const cardholders = (await ok(subClient, { type: "config.get", entity: "cardholder" })) as Array<{
      id: string;
      global?: boolean;
    }>;
    expect(cardholders.find((c) => c.id === "ashley")).toMatchObject({ global: true });
    expect(await subClient.command({ type: "multi.status" })).toMatchObject({
      value: { role: "sub", origin: "main", nats: true },
    });
    await ok(subClient, {
      type: "config.put",
      entity: "rule",
      value: {
        id: "gg-lobby",
        name: "Global group",
        groups: ["gg"],
        doors: ["lobby"],
        schedules: ["always"],
      },
    });
    const edit = await subClient.command({
      type: "config.put",
      entity: "cardholder",
      value: { id: "ashley", firstName: "Changed", lastName: "Rios", global: true },
    });
    expect(edit).toMatchObject({ ok: false, error: { code: "ConfigError" } });
    expect(JSON.stringify(edit)).toContain('managed on the main server \\"main\\"');

    // The main stops; the sub goes on; a change made after the main is back reaches the sub.
    mainClient.close();
    main.child.kill("SIGTERM");
    expect(await main.exited()).toBe(0);
    expect(sub.alive()).toBe(true);
    main = await start("main", nats.url);
    mainClient = await admin(main);
    await ok(mainClient, {
      type: "config.put",
      entity: "cardholder",
      value: { id: "ashley", firstName: "Ashley", lastName: "Rios", global: true, suspended: true },
    });
    await until("the suspension on the sub", async () => {
      const list = (await ok(subClient, { type: "config.get", entity: "cardholder" })) as Array<{
        id: string;
        suspended?: boolean;
      }>;
      return list.find((c) => c.id === "ashley")?.suspended === true;
    });
    mainClient.close();
    subClient.close();
  }, 300_000);
});
