/** Roles are cumulative (viewer ⊂ operator ⊂ admin): a refused command answers Forbidden and changes nothing. */
import { describe, expect, it } from "vitest";
import { useHarness } from "./useHarness";

const { h, as } = useHarness();

describe("roles", () => {
  it("a viewer cannot unlock: Forbidden, the door unchanged, nothing journalled", async () => {
    const viewer = await as("viewer");
    const before = h().site.door("lobby");
    expect(await viewer.command({ type: "door.unlock", doorId: "lobby" })).toMatchObject({
      ok: false,
      error: { code: "Forbidden" },
    });
    await h().commit();
    expect(h().site.door("lobby")).toEqual(before);
    expect(h().journal.head()).toBe(0);
  });

  it.each([
    ["viewer", { type: "reader.lastCard", readerId: "lobby-in" }],
    ["viewer", { type: "apb.forgive" }],
    ["operator", { type: "config.remove", entity: "cardholder", id: "alice" }],
    ["operator", { type: "token.list" }],
    ["operator", { type: "reader.installMode", readerId: "lobby-in", durationS: 60 }],
    ["operator", { type: "io.installMode", controllerId: "c2", durationS: 60 }],
  ] as const)("a %s cannot %j", async (role, command) => {
    const client = await as(role);
    expect(await client.command(command)).toMatchObject({ ok: false, error: { code: "Forbidden" } });
    expect(h().site.policy.cardholders.map((c) => c.id)).toContain("alice");
  });

  it.each(["viewer", "operator"] as const)(
    "a %s reads credentials without card numbers and PIN tags, in every form of config.get",
    async (role) => {
      const client = await as(role);
      const reply = await client.command({ type: "config.get", entity: "credential" });
      const card = (reply["value"] as Array<Record<string, unknown>>).find((c) => c["id"] === "alice-card");
      expect(card).toMatchObject({ cardholderId: "alice", name: "Badge", kind: "card" });
      expect(card).not.toHaveProperty("number");
      const one = await client.command({ type: "config.get", entity: "credential", id: "alice-card" });
      expect(one["value"]).toMatchObject({ id: "alice-card", cardholderId: "alice", kind: "card" });
      expect(one["value"]).not.toHaveProperty("number");
      const pin = await client.command({ type: "config.get", entity: "credential", id: "alice-pin" });
      expect(pin["value"]).not.toHaveProperty("pinTag");
      const whole = await client.command({ type: "config.get" });
      const text = JSON.stringify(whole);
      expect(text).toContain("alice-pin");
      for (const secret of [
        "1001",
        "2002",
        "pinTag",
        h().site.policy.credentials.find((c) => c.kind === "pin")!.pinTag,
      ])
        expect(text).not.toContain(secret);
    },
  );

  it("an admin reads credentials whole, to edit them", async () => {
    const admin = await as("admin");
    const credentials = (await admin.command({ type: "config.get", entity: "credential" }))["value"];
    expect(credentials).toContainEqual(expect.objectContaining({ id: "alice-card", number: "1001" }));
    expect(credentials).toContainEqual(
      expect.objectContaining({ id: "alice-pin", pinTag: expect.any(String) }),
    );
    // One entity: whole for an admin; null for an id the site does not have.
    const one = await admin.command({ type: "config.get", entity: "credential", id: "alice-card" });
    expect(one["value"]).toMatchObject({ id: "alice-card", number: "1001" });
    const cardholder = await admin.command({ type: "config.get", entity: "cardholder", id: "alice" });
    expect(cardholder["value"]).toMatchObject({ id: "alice" });
    expect(await admin.command({ type: "config.get", entity: "cardholder", id: "nobody" })).toMatchObject({
      ok: true,
      value: null,
    });
    // An id names an entity, not a setting.
    expect(await admin.command({ type: "config.get", entity: "pin", id: "pin" })).toMatchObject({
      ok: false,
    });
  });

  it("an admin may do what an operator and a viewer may", async () => {
    const admin = await as("admin");
    expect(await admin.command({ type: "door.unlock", doorId: "lobby" })).toMatchObject({ ok: true });
    expect(await admin.command({ type: "door.pinChart", doorId: "lobby" })).toMatchObject({ ok: true });
  });
});
