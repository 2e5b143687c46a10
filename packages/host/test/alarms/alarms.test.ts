/**
 * The host's alarms over a real WebSocket and a real SQLite file (issue 13): raised, cleared and
 * acknowledged with a note, most urgent first, refused a second acknowledgement, and the same after
 * the host restarts on the same data.
 */
import { afterEach, describe, expect, it } from "vitest";
import { connect, type Received, type TestClient } from "../feed/client";
import { type Harness, startHarness } from "../feed/harness";
import { useTempDir } from "../store/tempDir";

const dir = useTempDir();
let harness: Harness | undefined;
const clients: TestClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await harness?.close();
  harness = undefined;
});

const start = async (): Promise<Harness> => {
  harness = await startHarness(dir(), { alarms: true });
  return harness;
};

const restart = async (): Promise<Harness> => {
  for (const c of clients.splice(0)) c.close();
  await harness?.close();
  return start();
};

/** A client of `role` following the alarms topic; resolves with the snapshot it gets first. */
const follow = async (h: Harness, role: keyof Harness["secrets"]) => {
  const client = await connect(h.server.wsUrl);
  clients.push(client);
  const welcome = await client.hello(h.secrets[role]);
  expect(welcome.type).toBe("welcome");
  client.send({ type: "subscribe", topics: ["alarms"] });
  const snapshot = await client.next((m) => m.type === "alarms");
  return { client, alarms: snapshot["alarms"] as Array<Record<string, unknown>> };
};

/** The latest `alarm` message about `seq`, from index `from` on. */
const change = (client: TestClient, seq: number, state: string) =>
  client.next(
    (m: Received) =>
      m.type === "alarm" &&
      (m["alarm"] as { seq: number; state: string }).seq === seq &&
      (m["alarm"] as { state: string }).state === state,
  );

/** Forces the lobby door: closed, then open without a grant. Returns the DoorForcedOpen's seq. */
const forceLobby = async (h: Harness): Promise<number> => {
  h.site.push({ type: "door", doorId: "lobby", open: false });
  h.site.push({ type: "door", doorId: "lobby", open: true });
  await h.commit();
  const events = await h.journal.readFrom(1, 10_000);
  return events.find((e) => e.type === "DoorForcedOpen")!.seq;
};

/** A duress event as the engine reports a duress PIN (the feed's site has none configured). */
const duress = async (h: Harness): Promise<number> => {
  const seq = h.journal.nextSeq();
  h.journal.append({
    type: "Duress",
    at: h.clock.now(),
    seq,
    doorId: "lobby",
    side: "A",
    readerId: "lobby-in",
    cardholderId: "alice",
    credentialId: "alice-pin",
  });
  await h.commit();
  return seq;
};

describe("alarms", () => {
  it("sends the open alarms at subscribe, duress first, then each change as it happens", async () => {
    const h = await start();
    const forced = await forceLobby(h);
    const pressed = await duress(h);
    const { client, alarms } = await follow(h, "viewer");
    expect(alarms.map((a) => [a["seq"], a["kind"], a["state"], a["priority"]])).toEqual([
      [pressed, "duress", "active", 1],
      [forced, "forcedOpen", "active", 2],
    ]);
    expect(alarms[0]).toMatchObject({ doorId: "lobby", cardholderId: "alice", readerId: "lobby-in" });
    // Closing the door ends the forced-open condition: the alarm is cleared, still to be acknowledged.
    h.site.push({ type: "door", doorId: "lobby", open: false });
    await h.commit();
    expect((await change(client, forced, "cleared"))["alarm"]).toMatchObject({
      kind: "forcedOpen",
      clearedAt: h.clock.now(),
    });
  });

  it("keeps an action rule's alarm with its name, ranked by its priority but never above duress", async () => {
    const h = await start();
    const rule = {
      id: "forced-call",
      name: "Call security",
      trigger: { events: ["DoorForcedOpen"], doorId: "lobby" },
      actions: [{ type: "alarm", name: "Lobby forced: call security", priority: 5 }],
    };
    expect(h.site.configure({ op: "put", entity: "actionRule", value: rule }, "admin")._tag).toBe("Right");
    const forced = await forceLobby(h);
    const pressed = await duress(h);
    const { alarms } = await follow(h, "viewer");
    expect(alarms.map((a) => [a["kind"], a["priority"]])).toEqual([
      ["duress", 1],
      ["actionRule", 2],
      ["forcedOpen", 2],
    ]);
    expect(alarms[1]).toMatchObject({
      type: "AlarmRaised",
      name: "Lobby forced: call security",
      ruleId: "forced-call",
      doorId: "lobby",
    });
    expect(alarms[1]!["seq"]).toBeGreaterThan(forced);
    expect(alarms[1]!["seq"]).toBeLessThan(pressed);
  });

  it("acknowledges with a note and who, once: a second acknowledgement is refused", async () => {
    const h = await start();
    const pressed = await duress(h);
    const { client } = await follow(h, "operator");
    expect(
      await client.command({ type: "alarm.acknowledge", seq: pressed, note: "  Called Alice: all fine " }),
    ).toMatchObject({
      ok: true,
    });
    expect((await change(client, pressed, "acknowledged"))["alarm"]).toMatchObject({
      acknowledged: { by: "olga", note: "Called Alice: all fine", at: h.clock.now() },
    });
    expect(await client.command({ type: "alarm.acknowledge", seq: pressed })).toMatchObject({
      ok: false,
      error: { code: "AlreadyAcknowledged" },
    });
    const journalled = await h.journal.readFrom(1, 10_000);
    expect(journalled.filter((e) => e.type === "AlarmAcknowledged")).toEqual([
      expect.objectContaining({ alarmSeq: pressed, by: "olga", note: "Called Alice: all fine" }),
    ]);
  });

  it("refuses two acknowledgements sent together, and a seq that raised no alarm", async () => {
    const h = await start();
    const forced = await forceLobby(h);
    const a = (await follow(h, "operator")).client;
    const b = (await follow(h, "admin")).client;
    const results = await Promise.all([
      a.command({ type: "alarm.acknowledge", seq: forced }),
      b.command({ type: "alarm.acknowledge", seq: forced }),
    ]);
    expect(results.map((r) => r["ok"]).sort()).toEqual([false, true]);
    expect(results.find((r) => r["ok"] === false)).toMatchObject({ error: { code: "AlreadyAcknowledged" } });
    expect(await a.command({ type: "alarm.acknowledge", seq: forced - 1 })).toMatchObject({
      ok: false,
      error: { code: "UnknownAlarm" },
    });
    expect(await a.command({ type: "alarm.acknowledge", seq: 1, note: "x".repeat(1_001) })).toMatchObject({
      ok: false,
      error: { code: "BadCommand" },
    });
  });

  it("keeps alarms, their state and notes across a host restart", async () => {
    let h = await start();
    const forced = await forceLobby(h);
    const pressed = await duress(h);
    const { client } = await follow(h, "operator");
    await client.command({ type: "alarm.acknowledge", seq: pressed, note: "guard sent" });
    h = await restart();
    const after = (await follow(h, "operator")).alarms;
    expect(after.map((a) => [a["seq"], a["state"]])).toEqual([
      [forced, "active"],
      [pressed, "acknowledged"],
    ]);
    expect(after[1]).toMatchObject({ acknowledged: { by: "olga", note: "guard sent" } });
    const again = (await follow(h, "operator")).client;
    expect(await again.command({ type: "alarm.acknowledge", seq: pressed })).toMatchObject({
      ok: false,
      error: { code: "AlreadyAcknowledged" },
    });
    expect(await again.command({ type: "alarm.acknowledge", seq: forced })).toMatchObject({ ok: true });
  });

  it("catches up on alarms journalled while none were stored (a crash between commit and alarm write)", async () => {
    let h = await start();
    const forced = await forceLobby(h);
    await h.backend.alarms!.settled();
    // As if the host died before storing the alarm: the journal has it, the alarm table does not.
    await h.store.db.run("DELETE FROM alarms");
    await h.store.db.run("UPDATE alarm_cursor SET seq = 0");
    h = await restart();
    const { alarms } = await follow(h, "viewer");
    expect(alarms.map((a) => [a["seq"], a["kind"], a["state"]])).toEqual([[forced, "forcedOpen", "active"]]);
  });
});
