/** Every ConfigChanged says who (the token's named user), what (entity, id) and the fields before/after, secrets redacted. */
import { describe, expect, it } from "vitest";
import { connect } from "../feed/client";
import { useConfigHarness } from "./configHarness";

const { start } = useConfigHarness();

describe("who changed what", () => {
  it("names the token's user, and redacts PIN tags, PINs and card numbers", async () => {
    const h = await start();
    const admin = await h.as("admin", "Anna Admin");
    expect(
      await admin.command({
        type: "config.patch",
        entity: "credential",
        id: "alice-pin",
        fields: { pin: "135792" },
      }),
    ).toMatchObject({
      ok: true,
      value: { changed: [{ fields: { pinTag: { before: "[redacted]", after: "[redacted]" } } }] },
    });
    expect(
      await admin.command({
        type: "config.patch",
        entity: "credential",
        id: "alice-card",
        fields: { number: "7777" },
      }),
    ).toMatchObject({ ok: true });
    const changes = await h.configChanges();
    expect(changes).toMatchObject([
      {
        entity: "credential",
        id: "alice-pin",
        change: "patch",
        by: "Anna Admin",
        fields: { pinTag: { before: "[redacted]", after: "[redacted]" } },
      },
      {
        entity: "credential",
        id: "alice-card",
        by: "Anna Admin",
        fields: { number: { before: "[redacted]", after: "[redacted]" } },
      },
    ]);
    const journalled = JSON.stringify(changes);
    const tag = h.host.site.policy.credentials.find((c) => c.id === "alice-pin");
    for (const secret of ["135792", "482913", "7777", "1001", tag?.kind === "pin" ? tag.pinTag : "?"])
      expect(journalled).not.toContain(secret);
  });

  it("token.create takes a user; token.list shows it; a token without one belongs to its name", async () => {
    const h = await start();
    const admin = await h.as("admin");
    const created = await admin.command({
      type: "token.create",
      role: "admin",
      user: "Ben Berg",
      name: "ben's laptop",
    });
    expect(created).toMatchObject({
      ok: true,
      value: { role: "admin", user: "Ben Berg", name: "ben's laptop" },
    });
    expect(await admin.command({ type: "token.create", role: "viewer", name: "wallboard" })).toMatchObject({
      ok: true,
      value: { user: "wallboard", name: "wallboard" },
    });
    const listed = (await admin.command({ type: "token.list" }))["value"] as Array<Record<string, unknown>>;
    expect(listed.map((t) => t["user"])).toEqual(expect.arrayContaining(["Ben Berg", "wallboard", "adam"]));

    const ben = await connect(h.server.wsUrl);
    expect(await ben.hello((created["value"] as { secret: string }).secret)).toMatchObject({
      type: "welcome",
    });
    expect(
      await ben.command({
        type: "config.patch",
        entity: "cardholder",
        id: "bob",
        fields: { lastName: "Bergman" },
      }),
    ).toMatchObject({ ok: true });
    expect((await h.configChanges()).at(-1)).toMatchObject({
      by: "Ben Berg",
      fields: { lastName: { before: "Berg", after: "Bergman" } },
    });
    ben.close();
  });
});
