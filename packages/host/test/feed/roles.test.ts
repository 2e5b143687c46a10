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
  ] as const)("a %s cannot %j", async (role, command) => {
    const client = await as(role);
    expect(await client.command(command)).toMatchObject({ ok: false, error: { code: "Forbidden" } });
    expect(h().site.policy.cardholders.map((c) => c.id)).toContain("alice");
  });

  it("an admin may do what an operator and a viewer may", async () => {
    const admin = await as("admin");
    expect(await admin.command({ type: "door.unlock", doorId: "lobby" })).toMatchObject({ ok: true });
    expect(await admin.command({ type: "door.pinChart", doorId: "lobby" })).toMatchObject({ ok: true });
  });
});
