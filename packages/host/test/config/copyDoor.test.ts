/** `config.copyDoor`: a new door from another's configuration (seed "Copy configuration"), refused when the id is taken or the controller full. */
import { describe, expect, it } from "vitest";
import { useConfigHarness } from "./configHarness";

const { start } = useConfigHarness();

/** A second door controller wired like the lobby's, with a spare relay. */
const c3 = {
  id: "c3",
  name: "Back controller",
  relays: ["r1", "r2"],
  inputs: ["in1", "in2"],
  readerPorts: ["rd1", "rd2"],
};

describe("config.copyDoor", () => {
  it("copies timing, readers, security level and rule memberships onto a new door that then grants", async () => {
    const h = await start();
    const admin = await h.as("admin");
    await admin.command({ type: "config.put", entity: "controller", value: c3 });
    await admin.command({
      type: "config.put",
      entity: "doorPolicy",
      value: { doorId: "lobby", profileId: "card", doubleSwipe: { timeoutS: 5 } },
    });
    const reply = await admin.command({
      type: "config.copyDoor",
      fromDoorId: "lobby",
      id: "back",
      name: "Back door",
      controllerId: "c3",
      overrides: { secondaryLock: "r2" },
    });
    expect(reply).toMatchObject({ ok: true, value: { warnings: [] } });
    expect(
      (reply["value"] as { changed: Array<{ entity: string; id: string; change: string }> }).changed.map(
        (c) => `${c.change} ${c.entity} ${c.id}`,
      ),
    ).toEqual(["put door back", "put doorPolicy back", "patch rule staff-lobby"]);
    const lobby = h.host.site.config.doors.find((d) => d.id === "lobby")!;
    const back = h.host.site.config.doors.find((d) => d.id === "back")!;
    expect(back).toMatchObject({ name: "Back door", controllerId: "c3", secondaryLock: "r2" });
    if (back.type === "monitoring" || lobby.type === "monitoring") throw new Error("standard doors expected");
    expect(back.timing).toEqual(lobby.timing);
    expect(back.doorMonitor).toEqual(lobby.doorMonitor);
    expect(back.sides.A.readers.map((r) => r.id)).toEqual(["back-A1"]);
    expect(back.sides.B.rex).toEqual(lobby.sides.B.rex);
    expect(h.host.site.policy.doorPolicies.find((d) => d.doorId === "back")).toMatchObject({
      profileId: "card",
      doubleSwipe: { timeoutS: 5 },
    });
    expect(h.host.site.policy.rules[0]?.doors).toEqual(["lobby", "back"]);

    // Alice's rule now covers the copy: her card opens it in office hours.
    h.host.site.push({ type: "door", doorId: "back", open: false });
    h.host.site.push({ type: "card", readerId: "back-A1", number: 1001n });
    expect(
      (await h.host.store.journal.flush(), await h.host.store.journal.readFrom(1, 1000)).at(-1),
    ).toBeDefined();
    const events = await h.host.store.journal.readFrom(1, 1000);
    expect(
      events.filter((e) => e.type === "AccessGranted" || e.type === "AccessDenied").at(-1),
    ).toMatchObject({
      type: "AccessGranted",
      doorId: "back",
    });

    // Stored: the copy is there after a restart.
    await h.stop();
    const again = await start();
    expect(again.host.site.config.doors.map((d) => d.id)).toContain("back");
  });

  it("refuses a target that exists and a controller without a free slot, changing nothing", async () => {
    const h = await start();
    const admin = await h.as("admin");
    await admin.command({ type: "config.put", entity: "controller", value: c3 });
    expect(
      await admin.command({
        type: "config.copyDoor",
        fromDoorId: "lobby",
        id: "lobby",
        name: "x",
        controllerId: "c3",
      }),
    ).toMatchObject({
      ok: false,
      error: { code: "DoorExists", message: 'door "lobby" exists already; copy onto a new door id' },
    });
    expect(
      await admin.command({
        type: "config.copyDoor",
        fromDoorId: "lobby",
        id: "back",
        name: "Back door",
        controllerId: "c3",
        overrides: { secondaryLock: "r2" },
      }),
    ).toMatchObject({ ok: true });
    const config = h.host.site.config;
    expect(
      await admin.command({
        type: "config.copyDoor",
        fromDoorId: "lobby",
        id: "side",
        name: "Side",
        controllerId: "c3",
      }),
    ).toMatchObject({
      ok: false,
      error: {
        code: "ControllerFull",
        message: expect.stringContaining('controller "c3" has no free slot for a door: it runs "back"'),
      },
    });
    expect(
      await admin.command({
        type: "config.copyDoor",
        fromDoorId: "nowhere",
        id: "side",
        name: "Side",
        controllerId: "c3",
      }),
    ).toMatchObject({ ok: false, error: { code: "UnknownDoor" } });
    expect(h.host.site.config).toBe(config);
  });

  it("is refused as a whole when the copy does not fit its controller's ports", async () => {
    const h = await start();
    const admin = await h.as("admin");
    // On the lobby's own controller every port is taken: the door is refused, nothing else applied.
    const reply = await admin.command({
      type: "config.copyDoor",
      fromDoorId: "lobby",
      id: "twin",
      name: "Twin",
      controllerId: "c1",
    });
    expect(reply).toMatchObject({ ok: false, error: { code: "ConfigError" } });
    expect(h.host.site.config.doors.map((d) => d.id)).toEqual(["lobby", "store"]);
    expect(h.host.site.policy.rules[0]?.doors).toEqual(["lobby"]);
  });
});
