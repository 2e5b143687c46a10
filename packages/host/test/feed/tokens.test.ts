/** Token administration: the secret once at creation, listing without secrets, revocation refused at hello. */
import { describe, expect, it } from "vitest";
import { useHarness } from "./useHarness";

const { h, open, as } = useHarness();

describe("tokens", () => {
  it("creates a token whose secret says hello with its role, lists it, and revokes it", async () => {
    const admin = await as("admin");
    const created = await admin.command({ type: "token.create", role: "operator", name: "night shift" });
    expect(created).toMatchObject({ ok: true, value: { role: "operator", name: "night shift" } });
    const { id, secret } = created["value"] as { id: string; secret: string };

    const night = await open();
    expect(await night.hello(secret)).toMatchObject({ type: "welcome", role: "operator" });
    const listed = (await admin.command({ type: "token.list" }))["value"] as Array<Record<string, unknown>>;
    expect(listed).toContainEqual(expect.objectContaining({ id, role: "operator", name: "night shift" }));
    expect(JSON.stringify(listed)).not.toContain(secret);

    expect(await admin.command({ type: "token.revoke", id })).toMatchObject({ ok: true });
    // Its open connection ends; a new hello with it is refused.
    expect(await night.closed()).toBe(1008);
    const again = await open();
    expect(await again.hello(secret)).toMatchObject({ type: "error", error: { code: "Unauthorized" } });
    expect(await admin.command({ type: "token.revoke", id })).toMatchObject({
      ok: false,
      error: { code: "UnknownToken" },
    });
  });

  it("never revokes the last admin token", async () => {
    const admin = await as("admin");
    const tokens = (await admin.command({ type: "token.list" }))["value"] as Array<{
      id: string;
      role: string;
    }>;
    const adam = tokens.find((t) => t.role === "admin")!;
    expect(await admin.command({ type: "token.revoke", id: adam.id })).toMatchObject({
      ok: false,
      error: { code: "LastAdminToken" },
    });
    const created = await admin.command({ type: "token.create", role: "admin", name: "deputy" });
    const deputy = await open();
    expect(await deputy.hello((created["value"] as { secret: string }).secret)).toMatchObject({
      role: "admin",
    });
    expect(await deputy.command({ type: "token.revoke", id: adam.id })).toMatchObject({ ok: true });
    expect(await admin.closed()).toBe(1008);
  });

  it("refuses a token with an unknown role", async () => {
    const admin = await as("admin");
    expect(await admin.command({ type: "token.create", role: "root" })).toMatchObject({
      ok: false,
      error: { code: "BadCommand" },
    });
    expect((await h().store.tokens.list()).length).toBe(3);
  });
});
