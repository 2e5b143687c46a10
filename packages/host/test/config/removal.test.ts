/** A removal that would leave references behind is refused naming the users, unless `cascade: true`; then the answer lists what changed. */
import { describe, expect, it } from "vitest";
import { useConfigHarness } from "./configHarness";

const { start } = useConfigHarness();

describe("config.remove", () => {
  it("refuses removing a group a rule names, then with cascade drops it and warns the rule is now incomplete", async () => {
    const h = await start();
    const admin = await h.as("admin");
    const policy = h.host.site.policy;
    expect(await admin.command({ type: "config.remove", entity: "group", id: "staff" })).toMatchObject({
      ok: false,
      error: {
        code: "InUse",
        message:
          'group "staff" is used by rule "staff-lobby"; remove with cascade: true to drop it from them',
      },
    });
    expect(h.host.site.policy).toBe(policy);

    const reply = await admin.command({ type: "config.remove", entity: "group", id: "staff", cascade: true });
    expect(reply).toMatchObject({
      ok: true,
      value: {
        changed: [
          { entity: "group", id: "staff", change: "remove", fields: { name: { before: "Staff" } } },
          {
            entity: "rule",
            id: "staff-lobby",
            change: "put",
            fields: { groups: { before: ["staff"], after: [] } },
          },
        ],
        warnings: [
          {
            field: "rules.staff-lobby",
            message: 'rule "staff-lobby" is incomplete (no cardholder or group): it grants nothing',
          },
        ],
      },
    });
    expect(await admin.command({ type: "config.incompleteRules" })).toMatchObject({
      ok: true,
      value: [
        {
          ruleId: "staff-lobby",
          name: "Staff in the lobby",
          missing: ["who"],
          message: "no cardholder or group",
        },
      ],
    });
    expect((await h.configChanges()).map((e) => [e.change, e.entity, e.id, e.by])).toEqual([
      ["remove", "group", "staff", "adam"],
      ["put", "rule", "staff-lobby", "adam"],
    ]);
    // Stored: a restart has neither the group nor the reference.
    await h.stop();
    const again = await start();
    expect(again.host.site.policy.groups).toEqual([]);
    expect(again.host.site.policy.rules[0]?.groups).toEqual([]);
  });

  it("refuses removing a door that rules and zones use, naming each; cascade takes it out of them with its door policy", async () => {
    const h = await start();
    const admin = await h.as("admin");
    await admin.command({
      type: "config.put",
      entity: "doorPolicy",
      value: { doorId: "lobby", profileId: "card" },
    });
    expect(await admin.command({ type: "config.remove", entity: "door", id: "lobby" })).toMatchObject({
      ok: false,
      error: {
        code: "InUse",
        message: expect.stringContaining('door "lobby" is used by rule "staff-lobby", zone "office"'),
      },
    });
    const reply = await admin.command({ type: "config.remove", entity: "door", id: "lobby", cascade: true });
    expect(reply).toMatchObject({ ok: true });
    expect(
      (reply["value"] as { changed: Array<{ entity: string; id: string; change: string }> }).changed.map(
        (c) => `${c.change} ${c.entity} ${c.id}`,
      ),
    ).toEqual(["remove door lobby", "put rule staff-lobby", "put zone office", "remove doorPolicy lobby"]);
    expect(h.host.site.policy.zones[0]?.doors).toEqual([]);
    expect(h.host.site.policy.doorPolicies).toEqual([]);
    expect(h.host.site.allDoors().map((d) => d.id)).toEqual(["store"]);
  });

  it("removing a schedule with cascade never widens access: a profile entry only active in it goes", async () => {
    const h = await start();
    const admin = await h.as("admin");
    const profile = {
      id: "night-pin",
      name: "PIN at night",
      sides: {
        A: [
          { factors: ["card"], schedules: [] },
          { factors: ["pin"], schedules: ["office"] },
        ],
        B: [{ factors: ["card"], schedules: [] }],
      },
    };
    expect(await admin.command({ type: "config.put", entity: "profile", value: profile })).toMatchObject({
      ok: true,
    });
    expect(await admin.command({ type: "config.remove", entity: "schedule", id: "office" })).toMatchObject({
      ok: false,
      error: { code: "InUse", message: expect.stringContaining('rule "staff-lobby", profile "night-pin"') },
    });
    expect(
      await admin.command({ type: "config.remove", entity: "schedule", id: "office", cascade: true }),
    ).toMatchObject({
      ok: true,
      value: { warnings: [{ message: expect.stringContaining("(no schedule)") }] },
    });
    expect(h.host.site.policy.profiles.find((p) => p.id === "night-pin")?.sides.A).toEqual([
      { factors: ["card"], schedules: [] },
    ]);
  });

  it("refuses even with cascade what a cascade cannot drop: a controller's doors, a door policy's profile", async () => {
    const h = await start();
    const admin = await h.as("admin");
    expect(
      await admin.command({ type: "config.remove", entity: "controller", id: "c1", cascade: true }),
    ).toMatchObject({
      ok: false,
      error: {
        code: "InUse",
        message:
          'controller "c1" is used by door "lobby"; change those first (a cascade cannot drop a required reference)',
      },
    });
    expect(h.host.site.config.controllers.map((c) => c.id)).toContain("c1");
  });

  it("removes a cardholder's credentials with them, and refuses while groups name them", async () => {
    const h = await start();
    const admin = await h.as("admin");
    expect(await admin.command({ type: "config.remove", entity: "cardholder", id: "alice" })).toMatchObject({
      ok: false,
      error: {
        code: "InUse",
        message: expect.stringContaining('cardholder "alice" is used by group "staff"'),
      },
    });
    const reply = await admin.command({
      type: "config.remove",
      entity: "cardholder",
      id: "alice",
      cascade: true,
    });
    expect(
      (reply["value"] as { changed: Array<{ entity: string; id: string; change: string }> }).changed.map(
        (c) => `${c.change} ${c.entity} ${c.id}`,
      ),
    ).toEqual([
      "remove cardholder alice",
      "put group staff",
      "remove credential alice-card",
      "remove credential alice-pin",
    ]);
    await h.stop();
    const again = await start();
    expect(again.host.site.policy.credentials.map((c) => c.id)).toEqual(["bob-card"]);
  });
});
