/**
 * A sub pairing with a main that already holds many globals (issue 14, initial sync at scale): the
 * snapshot is applied as one configuration batch — one `ConfigChanged` for the site, stored once —
 * with nothing lost or doubled, cards decided between its steps, and the changes after it apply
 * one by one.
 */
import { join } from "node:path";
import { Either } from "effect";
import { siteFileJson } from "@portcullis/engine";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "../runtime/tempDir";
import { freePort, NatsServer, until } from "./natsServer";
import { multiSite, startServer, swipe, type TestServer } from "./multiSite";

const GLOBALS = 1_500;

/** The main's site with `GLOBALS` global cardholders, a card each, and a global group of the first ten. */
const mainFile = (): Record<string, unknown> => {
  const file = multiSite("main") as { policy: Record<string, unknown[]> };
  const ids = Array.from({ length: GLOBALS }, (_, i) => `g${i}`);
  return {
    ...file,
    policy: {
      ...file.policy,
      cardholders: [
        ...file.policy["cardholders"]!,
        ...ids.map((id, i) => ({ id, firstName: "Global", lastName: `Holder ${i}`, global: true })),
      ],
      credentials: [
        ...file.policy["credentials"]!,
        ...ids.map((id, i) => ({
          id: `${id}-card`,
          cardholderId: id,
          name: "Badge",
          kind: "card",
          number: String(700_000 + i),
        })),
      ],
      groups: [
        ...file.policy["groups"]!,
        { id: "gg", name: "Global Group", initials: "GG", global: true, members: ids.slice(0, 10) },
      ],
    },
  };
};

describe("multi-server initial sync", () => {
  const root = tempDir("multi-snapshot");
  let nats: NatsServer;
  let main: TestServer;
  let sub: TestServer;

  beforeAll(async () => {
    const port = await freePort();
    nats = new NatsServer(join(root, "nats.conf"), port);
    main = await startServer(root, "main", nats.url, mainFile());
    Either.getOrThrow(
      await main.multi.writeNatsConfig({
        file: nats.configFile,
        host: "127.0.0.1",
        port,
        storeDir: join(root, "js"),
      }),
    );
    await nats.start();
    await until("the main connected", async () => (await main.multi.status()).nats);
    await main.multi.publisher!.idle();
  }, 30_000);

  afterAll(async () => {
    for (const s of [sub, main]) await s?.stop();
    await nats?.stop();
  });

  it("applies the main's snapshot as one batch, then later changes one by one", async () => {
    sub = await startServer(root, "sub", nats.url);
    const key = Either.getOrThrow(await sub.multi.issueKey());
    Either.getOrThrow(
      await main.multi.addSub(JSON.stringify(key), { name: "Sub", host: "127.0.0.1", port: 8080 }),
    );
    const globals = () => sub.host.site.policy.cardholders.filter((c) => c.global);
    // A card presented at every turn of the event loop while the sub syncs: the batch is applied in
    // steps, so some card is decided while only part of the snapshot is in force.
    const decidedWith = new Map<number, string>();
    let probing = true;
    const probe = () => {
      if (!probing) return;
      const inForce = globals().length;
      if (!decidedWith.has(inForce)) decidedWith.set(inForce, swipe(sub, 999_999n));
      setImmediate(probe);
    };
    probe();
    await nats.reload();
    await until(
      "the snapshot on the sub",
      () => globals().length === GLOBALS && sub.multi.replica!.applied > 0,
      30_000,
    );
    probing = false;
    await sub.host.configSaved();
    const midway = [...decidedWith].filter(([inForce]) => inForce > 0 && inForce < GLOBALS);
    expect(midway.length).toBeGreaterThan(0);
    expect(midway.every(([, decision]) => decision === "AccessDenied CredentialNotFound")).toBe(true);

    const changes = sub.events.filter((e) => e.type === "ConfigChanged");
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({
      entity: "site",
      change: "replace",
      by: 'main "main"',
      fields: { cardholder: { after: 2 + GLOBALS }, credential: {}, group: {} },
    });
    expect(sub.host.site.policy.credentials.filter((c) => c.id.startsWith("g"))).toHaveLength(GLOBALS);
    expect(sub.host.site.policy.groups.find((g) => g.id === "gg")?.members).toHaveLength(10);
    expect(sub.multi.replica!.applied).toBe(GLOBALS + 1);
    // In force: the last card is known (no rule for it here yet).
    expect(swipe(sub, BigInt(700_000 + GLOBALS - 1))).toBe("AccessDenied Unauthorized");

    const stored = sub.multi.replica!.applied;
    await main.host.config.configure(
      {
        op: "put",
        entity: "cardholder",
        value: { id: "g7", firstName: "Global", lastName: "Renamed", global: true },
      },
      "admin",
    );
    await until(
      "the change on the sub",
      () => sub.host.site.policy.cardholders.find((c) => c.id === "g7")?.lastName === "Renamed",
    );
    await until("the cursor moved", () => sub.multi.replica!.applied > stored);
    const after = sub.events.filter((e) => e.type === "ConfigChanged").slice(1);
    expect(
      after.map((e) => (e as { entity: string; id: string }).entity + "/" + (e as { id: string }).id),
    ).toEqual(["cardholder/g7"]);
  }, 60_000);

  it("a whole-site replacement on the main (an import) reaches the sub", async () => {
    const file = siteFileJson(main.host.site.config, main.host.site.policy) as {
      policy: { cardholders: unknown[] };
    };
    file.policy.cardholders.push({ id: "imported", firstName: "Im", lastName: "Ported", global: true });
    const replaced = await main.host.config.configure(
      { op: "replace", entity: "site", id: "import", value: file },
      "admin",
    );
    expect(Either.isRight(replaced)).toBe(true);
    await until("the imported global on the sub", () =>
      sub.host.site.policy.cardholders.some((c) => c.id === "imported" && c.global),
    );
  }, 30_000);

  it("a restarted sub reloads the snapshot it stored and applies nothing twice", async () => {
    const cursor = sub.multi.replica!.applied;
    await sub.stop();
    sub = await startServer(root, "sub", nats.url);
    expect(sub.host.site.policy.cardholders.filter((c) => c.global)).toHaveLength(GLOBALS + 1);
    await until("the sub reconnected", async () => (await sub.multi.status()).nats);
    await main.host.config.configure(
      {
        op: "put",
        entity: "cardholder",
        value: { id: "g8", firstName: "Global", lastName: "Renamed", global: true },
      },
      "admin",
    );
    await until("the next change on the restarted sub", () => sub.multi.replica!.applied > cursor);
    // Only the new change: the snapshot is not applied again.
    expect(sub.events.filter((e) => e.type === "ConfigChanged").map((e) => (e as { id: string }).id)).toEqual(
      ["g8"],
    );
  }, 30_000);
});
