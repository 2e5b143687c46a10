/** Configuration over the feed: validated changes through the site, typed ConfigError naming the field. */
import { encodePolicy, validateSiteFile } from "@portcullis/engine";
import { siteCardFormatSupport } from "@portcullis/protocols";
import { hmacPinHasher } from "@portcullis/testkit";
import { Either } from "effect";
import { describe, expect, it } from "vitest";
import { useHarness } from "./useHarness";

const { h, as } = useHarness();

describe("config", () => {
  it("refuses an invalid door with ConfigError naming the field, and nothing changes", async () => {
    const admin = await as("admin");
    const doors = (await admin.command({ type: "config.get", entity: "door" }))["value"] as Array<
      Record<string, unknown>
    >;
    const lobby = doors.find((d) => d["id"] === "lobby")!;
    const config = h().site.config;
    const refused = await admin.command({
      type: "config.put",
      entity: "door",
      value: { ...lobby, timing: { ...(lobby["timing"] as object), accessTimeS: -5 } },
    });
    expect(refused).toMatchObject({ ok: false, error: { code: "ConfigError" } });
    expect((refused["error"] as { message: string }).message).toContain("accessTimeS");
    expect(h().site.config).toBe(config);
    await h().commit();
    expect(h().journal.head()).toBe(0);
  });

  it("puts, reads back and removes a cardholder, journalling ConfigChanged by the admin", async () => {
    const admin = await as("admin");
    const carol = { id: "carol", firstName: "Carol", lastName: "Carlsson" };
    expect(await admin.command({ type: "config.put", entity: "cardholder", value: carol })).toMatchObject({
      ok: true,
      value: { warnings: [] },
    });
    expect((await admin.command({ type: "config.get", entity: "cardholder" }))["value"]).toContainEqual(
      expect.objectContaining(carol),
    );
    expect(await admin.command({ type: "config.remove", entity: "cardholder", id: "carol" })).toMatchObject({
      ok: true,
    });
    expect(h().site.policy.cardholders.map((c) => c.id)).not.toContain("carol");
    await h().commit();
    const changes = (await h().journal.readFrom(1, 100)).filter((e) => e.type === "ConfigChanged");
    expect(changes).toMatchObject([
      { entity: "cardholder", id: "carol", change: "put", by: "adam" },
      { entity: "cardholder", id: "carol", change: "remove", by: "adam" },
    ]);
  });

  it("sets a site-wide setting and gives the whole site file to a viewer", async () => {
    const admin = await as("admin");
    const pin = { minLength: 4, maxLength: 8, endCharacter: "#" };
    expect(await admin.command({ type: "config.set", entity: "pin", value: pin })).toMatchObject({
      ok: true,
    });
    const viewer = await as("viewer");
    const file = (await viewer.command({ type: "config.get" }))["value"] as Record<string, unknown>;
    expect(file).toMatchObject({ name: "Replay example", policy: { pin: expect.objectContaining(pin) } });
    expect(await admin.command({ type: "config.remove", entity: "ghost", id: "x" })).toMatchObject({
      ok: false,
      error: { code: "BadCommand" },
    });
  });

  it("reads the whole site file with the people's defaults left out: the same site read back, and a change followed", async () => {
    const admin = await as("admin");
    const read = async () =>
      (await admin.command({ type: "config.get" }))["value"] as Parameters<typeof validateSiteFile>[0];
    const before = await read();
    const sue = { id: "sue", firstName: "Sue", lastName: "Sun", suspended: true };
    expect(await admin.command({ type: "config.put", entity: "cardholder", value: sue })).toMatchObject({
      ok: true,
    });
    const file = (await read()) as { policy: { cardholders: unknown[]; credentials: unknown[] } };
    expect(file).not.toEqual(before);
    expect(file.policy.cardholders).toContainEqual(sue);
    const site = h().site;
    const again = Either.getOrThrow(validateSiteFile(file, hmacPinHasher(), siteCardFormatSupport));
    expect(encodePolicy(again.policy)).toEqual(encodePolicy(site.policy));
    expect(again.site).toEqual(site.config);
  });

  it("refuses removing what others use, naming who uses it", async () => {
    const admin = await as("admin");
    const vip = {
      id: "vip",
      name: "VIP",
      sides: { A: [{ factors: ["card"], schedules: [] }], B: [{ factors: ["card"], schedules: [] }] },
    };
    expect(await admin.command({ type: "config.put", entity: "profile", value: vip })).toMatchObject({
      ok: true,
    });
    expect(
      await admin.command({
        type: "config.put",
        entity: "doorPolicy",
        value: { doorId: "lobby", profileId: "vip" },
      }),
    ).toMatchObject({ ok: true });
    expect(await admin.command({ type: "config.remove", entity: "profile", id: "vip" })).toMatchObject({
      ok: false,
      error: {
        code: "InUse",
        message: expect.stringContaining('profile "vip" is used by the door policy of door "lobby"'),
      },
    });
    expect(await admin.command({ type: "config.remove", entity: "schedule", id: "office" })).toMatchObject({
      ok: false,
      error: {
        code: "InUse",
        message: expect.stringContaining('schedule "office" is used by rule "staff-lobby"'),
      },
    });
  });

  it("refuses a card number wider than any card format in effect can carry", async () => {
    const admin = await as("admin");
    const card = (number: string) => ({
      id: "wide",
      cardholderId: "alice",
      name: "Wide",
      kind: "card",
      number,
    });
    // The widest card number of the default formats is H10302's 35 bits.
    expect(
      await admin.command({ type: "config.put", entity: "credential", value: card(String(2n ** 35n)) }),
    ).toMatchObject({
      ok: false,
      error: {
        code: "ConfigError",
        message: "number: card number needs 36 bits; the site's card formats carry at most 35",
      },
    });
    expect(h().site.policy.credentials.map((c) => c.id)).not.toContain("wide");
    expect(
      await admin.command({ type: "config.put", entity: "credential", value: card(String(2n ** 35n - 1n)) }),
    ).toMatchObject({ ok: true });
  });
});
