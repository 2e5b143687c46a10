/** Operator commands: manual actions on doors and zones, forgive, acknowledge, reader and pin-chart reads. */
import { MAX_INSTALL_MODE_MS } from "@portcullis/protocols";
import { describe, expect, it } from "vitest";
import { ALICE_CARD } from "./site";
import { useHarness } from "./useHarness";

const { h, as } = useHarness();

const slot = () => h().site.door("lobby")?.slot;
const journalled = async () => {
  await h().commit();
  return h().journal.readFrom(1, 10_000);
};

describe("manual actions", () => {
  it("applies the slot table to a door, refusing Lock in lockdown with DoorInLockdown", async () => {
    const operator = await as("operator");
    expect(await operator.command({ type: "door.unlock", doorId: "lobby" })).toEqual({
      type: "result",
      id: expect.any(String),
      ok: true,
    });
    expect(slot()).toBe("unlock");
    await operator.command({ type: "door.lockdown", doorId: "lobby" });
    expect(await operator.command({ type: "door.lock", doorId: "lobby" })).toMatchObject({
      ok: false,
      error: { code: "DoorInLockdown" },
    });
    expect(slot()).toBe("lockdown");
    expect(await operator.command({ type: "door.grant", doorId: "lobby" })).toMatchObject({
      ok: false,
      error: { code: "DoorInLockdown" },
    });
    await operator.command({ type: "door.reset", doorId: "lobby" });
    expect(slot()).toBe("none");
    expect(await operator.command({ type: "door.grant", doorId: "lobby" })).toMatchObject({ ok: true });
    expect(h().site.door("lobby")?.mode).toBe("Accessed");
    expect(await operator.command({ type: "door.lock", doorId: "lobby" })).toMatchObject({ ok: true });
    const manual = (await journalled()).filter((e) => e.type === "ManualAction");
    expect(manual.map((e) => e.type === "ManualAction" && [e.action, e.by])).toEqual([
      ["unlock", "olga"],
      ["lockdown", "olga"],
      ["reset", "olga"],
      ["grant", "olga"],
      ["lock", "olga"],
    ]);
  });

  it.each([
    { type: "door.lockdown", doorId: "lobby" },
    { type: "zone.unlock", zoneId: "office" },
    { type: "apb.forgive" },
  ])("answers %j only once its journalled action is on disk", async (command) => {
    const operator = await as("operator");
    // Virtual time stands still: only the answer itself can have made the journal commit.
    expect(await operator.command(command)).toMatchObject({ ok: true });
    const onDisk = await h().store.db.all<{ type: string }>("SELECT type FROM journal");
    expect(onDisk.map((r) => r.type)).toContainEqual(
      expect.stringMatching(/^(ManualAction|AntiPassbackForgiven)$/),
    );
  });

  it("answers an action that cannot be stored with Internal, saying it is in effect", async () => {
    const operator = await as("operator");
    await h().store.db.exec(
      "CREATE TRIGGER refuse BEFORE INSERT ON journal BEGIN SELECT RAISE(FAIL, 'disk full'); END",
    );
    const reply = await operator.command({ type: "door.lockdown", doorId: "lobby" });
    expect(reply).toMatchObject({ ok: false, error: { code: "Internal" } });
    expect((reply["error"] as { message: string }).message).toMatch(/done, but not stored yet.*disk full/);
    expect(slot()).toBe("lockdown");
    await h().store.db.exec("DROP TRIGGER refuse");
  });

  it("answers NoLock for a monitoring door and UnknownDoor for no door", async () => {
    const operator = await as("operator");
    expect(await operator.command({ type: "door.unlock", doorId: "store" })).toMatchObject({
      ok: false,
      error: { code: "NoLock" },
    });
    expect(await operator.command({ type: "door.unlock", doorId: "attic" })).toMatchObject({
      ok: false,
      error: { code: "UnknownDoor" },
    });
  });

  it("applies zone actions to the zone's doors", async () => {
    const operator = await as("operator");
    expect(await operator.command({ type: "zone.lockdown", zoneId: "office" })).toMatchObject({ ok: true });
    expect(slot()).toBe("lockdown");
    expect(await operator.command({ type: "zone.unlock", zoneId: "office" })).toMatchObject({ ok: true });
    expect(slot()).toBe("unlock");
    expect(await operator.command({ type: "zone.reset", zoneId: "nowhere" })).toMatchObject({
      ok: false,
      error: { code: "UnknownZone" },
    });
  });

  it("forgives anti-passback for one cardholder or all", async () => {
    const site = h().site;
    site.push({ type: "door", doorId: "lobby", open: false });
    site.push({ type: "card", readerId: "lobby-in", number: ALICE_CARD });
    site.push({ type: "door", doorId: "lobby", open: true });
    expect(site.presenceOf("alice").map((p) => p.zoneId)).toEqual(["office"]);
    const operator = await as("operator");
    expect(await operator.command({ type: "apb.forgive", cardholderId: "alice" })).toMatchObject({
      ok: true,
    });
    expect(site.presenceOf("alice")).toEqual([]);
    expect(await operator.command({ type: "apb.forgive" })).toMatchObject({ ok: true });
    expect(await operator.command({ type: "apb.forgive", zoneId: "nowhere" })).toMatchObject({
      ok: false,
      error: { code: "UnknownZone" },
    });
    expect(await operator.command({ type: "apb.forgive", cardholderId: "nobody" })).toMatchObject({
      ok: false,
      error: { code: "UnknownCardholder", message: 'unknown cardholder "nobody"' },
    });
  });

  it("acknowledges an alarm by its seq, journalling AlarmAcknowledged", async () => {
    h().site.push({ type: "door", doorId: "lobby", open: false });
    h().site.push({ type: "door", doorId: "lobby", open: true });
    const forced = (await journalled()).find((e) => e.type === "DoorForcedOpen")!;
    const opened = (await journalled()).find((e) => e.type === "DoorOpened")!;
    const operator = await as("operator");
    expect(await operator.command({ type: "alarm.acknowledge", seq: forced.seq })).toMatchObject({
      ok: true,
    });
    expect(await operator.command({ type: "alarm.acknowledge", seq: opened.seq })).toMatchObject({
      ok: false,
      error: { code: "UnknownAlarm" },
    });
    expect((await journalled()).at(-1)).toMatchObject({
      type: "AlarmAcknowledged",
      alarmSeq: forced.seq,
      by: "olga",
      seq: h().journal.head(),
    });
  });
});

describe("reader and door reads", () => {
  it("gives a reader's last read with the card number as a decimal string", async () => {
    h().site.push({ type: "card", readerId: "lobby-in", number: ALICE_CARD });
    const operator = await as("operator");
    expect(await operator.command({ type: "reader.lastCard", readerId: "lobby-in" })).toMatchObject({
      ok: true,
      value: { at: h().clock.now(), card: { number: "1001" } },
    });
    expect(await operator.command({ type: "reader.lastCard", readerId: "lobby-out" })).toMatchObject({
      ok: true,
      value: null,
    });
    expect(await operator.command({ type: "reader.lastCard", readerId: "nope" })).toMatchObject({
      ok: false,
      error: { code: "UnknownReader" },
    });
  });

  it("gives the latest card read at any reader of a door, with its reader and side", async () => {
    const operator = await as("operator");
    expect(await operator.command({ type: "door.lastCard", doorId: "lobby" })).toMatchObject({
      ok: true,
      value: null,
    });
    h().site.push({ type: "card", readerId: "lobby-in", number: ALICE_CARD });
    h().clock.advance(1_000);
    h().site.push({ type: "card", readerId: "lobby-out", number: 424_242n });
    expect(await operator.command({ type: "door.lastCard", doorId: "lobby" })).toMatchObject({
      ok: true,
      value: { readerId: "lobby-out", side: "B", at: h().clock.now(), card: { number: "424242" } },
    });
    expect(await operator.command({ type: "door.lastCard", doorId: "nope" })).toMatchObject({
      ok: false,
      error: { code: "UnknownDoor" },
    });
    const viewer = await as("viewer");
    expect(await viewer.command({ type: "door.lastCard", doorId: "lobby" })).toMatchObject({
      ok: false,
      error: { code: "Forbidden" },
    });
  });

  it("puts a reader in install mode through the device layer (admin)", async () => {
    const admin = await as("admin");
    expect(
      await admin.command({ type: "reader.installMode", readerId: "lobby-in", durationS: 300 }),
    ).toMatchObject({
      ok: true,
    });
    expect(h().installs).toEqual([{ readerId: "lobby-in", durationS: 300, by: "adam" }]);
    expect(
      await admin.command({ type: "reader.installMode", readerId: "lobby-in", durationS: 0 }),
    ).toMatchObject({
      ok: false,
      error: { code: "BadCommand" },
    });
  });

  it("puts a controller's I/O module in install mode through the device layer (admin), within the same limits", async () => {
    const admin = await as("admin");
    expect(await admin.command({ type: "io.installMode", controllerId: "c2", durationS: 300 })).toMatchObject(
      {
        ok: true,
      },
    );
    expect(await admin.command({ type: "io.installMode", controllerId: "c9", durationS: 300 })).toMatchObject(
      {
        ok: false,
        error: { code: "UnknownController" },
      },
    );
    expect(
      await admin.command({
        type: "io.installMode",
        controllerId: "c2",
        durationS: MAX_INSTALL_MODE_MS / 1000 + 1,
      }),
    ).toMatchObject({ ok: false, error: { code: "BadCommand" } });
    expect(h().installs).toEqual([{ controllerId: "c2", durationS: 300, by: "adam" }]);
  });

  it("takes install mode up to the device layer's limit (30 min) and refuses longer", async () => {
    const admin = await as("admin");
    const longest = MAX_INSTALL_MODE_MS / 1000;
    expect(longest).toBe(1_800);
    expect(
      await admin.command({ type: "reader.installMode", readerId: "lobby-in", durationS: longest }),
    ).toMatchObject({ ok: true });
    expect(
      await admin.command({ type: "reader.installMode", readerId: "lobby-in", durationS: longest + 1 }),
    ).toMatchObject({ ok: false, error: { code: "BadCommand" } });
    expect(h().installs.map((i) => i.durationS)).toEqual([longest]);
  });

  it("gives a door's pin chart to a viewer", async () => {
    const viewer = await as("viewer");
    const chart = await viewer.command({ type: "door.pinChart", doorId: "lobby" });
    expect(chart).toMatchObject({ ok: true });
    expect(chart["value"]).toContainEqual(expect.objectContaining({ controllerId: "c1", port: "r1" }));
    expect(await viewer.command({ type: "door.pinChart", doorId: "attic" })).toMatchObject({
      ok: false,
      error: { code: "UnknownDoor" },
    });
  });
});
