/**
 * Action rules on a running host: a door forced open sounds a siren on a Modbus module's spare coil until the
 * alarm is cleared, and a rule added over the WebSocket (`config.put` of an `actionRule`) is stored and acts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, type TestClient } from "../feed/client";
import { freePort, ModbusModule, type RunningServer, serveTcp } from "./modbusModule";
import { type ModbusSite, modbusSiteFile, modbusWiring, startModbusSite } from "./modbusSite";

const poll = { timeout: 15_000, interval: 10 };
const SIREN_COIL = 2;

const siren = (state: string) => ({ type: "output", controllerId: "c1", relay: "siren", state });

const site = {
  ...modbusSiteFile,
  controllers: [{ ...modbusSiteFile.controllers[0]!, relays: ["r1", "r2", "siren"] }],
  actionRules: [
    {
      id: "forced-siren",
      name: "Siren while the front door is forced",
      trigger: { events: ["DoorForcedOpen"], doorId: "front" },
      actions: [siren("on")],
    },
    {
      id: "siren-off",
      name: "Siren off when cleared",
      trigger: { events: ["DoorAlarmCleared"], doorId: "front" },
      actions: [siren("off")],
    },
  ],
};

let module: ModbusModule;
let server: RunningServer;
let s: ModbusSite;
let admin: TestClient;

beforeAll(async () => {
  const port = await freePort();
  module = new ModbusModule();
  module.discreteInputs[0] = true;
  module.inputRegisters[0] = 4_700;
  server = await serveTcp(module, port);
  s = await startModbusSite({ kind: "modbus-tcp", host: "127.0.0.1", port, timeoutMs: 300 }, site, {
    ...modbusWiring,
    relays: { ...modbusWiring.relays, siren: SIREN_COIL },
  });
  admin = await connect(s.running.feed.wsUrl);
  const token = s.running.tokens.find((t) => t.role === "admin")!.secret;
  expect(await admin.hello(token)).toMatchObject({ type: "welcome", role: "admin" });
}, 60_000);

afterAll(async () => {
  admin?.close();
  await s?.running.stop();
  await server?.close();
});

describe("an action rule on a running host", () => {
  it("holds the siren coil on while the door is forced, off once the alarm is cleared", async () => {
    const door = () => s.running.host.site.door("front");
    await expect.poll(() => door()?.position, poll).toBe("Closed");
    expect(module.coils[SIREN_COIL]).toBe(false);
    const from = s.events.length;
    module.discreteInputs[0] = false;
    await expect.poll(() => module.coils[SIREN_COIL], poll).toBe(true);
    expect(s.types(from)).toEqual(
      expect.arrayContaining(["DoorForcedOpen", "ActionRuleTriggered", "OutputChanged"]),
    );
    module.discreteInputs[0] = true;
    await expect.poll(() => door()?.position, poll).toBe("Closed");
    s.running.host.site.manual("front", "reset", "test");
    await expect.poll(() => module.coils[SIREN_COIL], poll).toBe(false);
  });

  it("takes a new rule over the WebSocket, stores it, and acts on it", async () => {
    const rule = {
      id: "grant-beacon",
      name: "Beacon pulse on a manual grant",
      trigger: { events: ["ManualAction"], doorId: "front" },
      actions: [
        { ...siren("pulse"), durationS: 1 },
        { type: "alarm", name: "Front opened by hand", priority: 2 },
      ],
    };
    expect(await admin.command({ type: "config.put", entity: "actionRule", value: rule })).toMatchObject({
      ok: true,
    });
    const stored = await admin.command({ type: "config.get" });
    expect(JSON.stringify(stored)).toContain("grant-beacon");
    const from = s.events.length;
    expect(await admin.command({ type: "door.grant", doorId: "front" })).toMatchObject({ ok: true });
    await expect.poll(() => module.coils[SIREN_COIL], poll).toBe(true);
    await expect.poll(() => module.coils[SIREN_COIL], poll).toBe(false);
    expect(s.events.slice(from)).toContainEqual(
      expect.objectContaining({
        type: "AlarmRaised",
        ruleId: "grant-beacon",
        priority: 2,
        name: "Front opened by hand",
      }),
    );
    const bad = await admin.command({
      type: "config.put",
      entity: "actionRule",
      value: { ...rule, actions: [{ ...siren("on"), relay: "r1" }] },
    });
    expect(bad).toMatchObject({
      ok: false,
      error: { code: "ConfigError", message: expect.stringContaining("drives a door lock") },
    });
  }, 30_000);
});
