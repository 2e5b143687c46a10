/**
 * Modbus TCP against `modbus-serial`'s own server on 127.0.0.1: relay coils follow the locks, discrete inputs
 * and a measured loop drive the doors through the engine's debounce and supervision, and a lost module is
 * ControllerOffline until it is back with its relays asserted again. Real sockets, so real time: every wait is
 * for a state, bounded by a timeout.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, ModbusModule, type RunningServer, serveTcp } from "./modbusModule";
import { type ModbusSite, startModbusSite } from "./modbusSite";

// Real sockets in real time on a machine other work may load: generous bounds, never fixed sleeps.
const poll = { timeout: 15_000, interval: 10 };

/** A module as found after power-up: every output on, the front door closed, the back loop at rest. */
const freshModule = () => {
  const module = new ModbusModule();
  module.coils.fill(true);
  module.discreteInputs[0] = true;
  module.inputRegisters[0] = 4_700;
  return module;
};

let module: ModbusModule;
let server: RunningServer;
let port: number;
let s: ModbusSite;

beforeAll(async () => {
  port = await freePort();
  module = freshModule();
  server = await serveTcp(module, port);
  s = await startModbusSite({ kind: "modbus-tcp", host: "127.0.0.1", port, timeoutMs: 300 });
}, 60_000);

afterAll(async () => {
  await s?.running.stop();
  await server?.close();
});

describe("a Modbus TCP module", () => {
  it("has every lock commanded locked before any input is read, then shows the doors Closed and Locked", async () => {
    const site = s.running.host.site;
    await expect
      .poll(() => [site.door("front")?.position, site.door("back")?.position], poll)
      .toEqual(["Closed", "Closed"]);
    const firstRead = module.ops.findIndex((o) => o.op === "read");
    expect(module.ops.slice(0, firstRead)).toEqual(
      expect.arrayContaining([
        { op: "coil", address: 0, value: false },
        { op: "coil", address: 1, value: true },
      ]),
    );
    // Strike released (fail-secure), maglock energised (fail-safe): both locked.
    expect(module.coils.slice(0, 2)).toEqual([false, true]);
    expect(site.door("front")).toMatchObject({ mode: "Locked", status: "online" });
  });

  it("energises the strike on a grant; the door opening and closing relocks it", async () => {
    const site = s.running.host.site;
    const from = s.events.length;
    site.manual("front", "grant", "test");
    await expect.poll(() => module.coils[0], poll).toBe(true);
    module.discreteInputs[0] = false;
    await expect.poll(() => s.types(from, "front"), poll).toContain("AccessTaken");
    await expect.poll(() => module.coils[0], poll).toBe(false);
    module.discreteInputs[0] = true;
    await expect.poll(() => site.door("front")?.position, poll).toBe("Closed");
    expect(s.types(from, "front")).not.toContain("DoorForcedOpen");
  });

  it("debounces: a REX blip shorter than its debounce time does nothing, a held press unlocks", async () => {
    const site = s.running.host.site;
    const from = s.events.length;
    module.pulse(1, [true]);
    // Wait well past the REX's 300 ms debounce, counted in the module's reads.
    const reads = () => module.ops.filter((o) => o.op === "read").length;
    const after = reads() + 40;
    await expect.poll(reads, poll).toBeGreaterThanOrEqual(after);
    expect(s.types(from, "front")).toEqual([]);
    module.discreteInputs[1] = true;
    await expect.poll(() => s.types(from, "front"), poll).toContain("RexActivated");
    await expect.poll(() => module.coils[0], poll).toBe(true);
    module.discreteInputs[1] = false;
    // The person goes out: the opening takes the REX's access and relocks the door.
    module.discreteInputs[0] = false;
    await expect.poll(() => module.coils[0], poll).toBe(false);
    module.discreteInputs[0] = true;
    await expect.poll(() => site.door("front")?.position, poll).toBe("Closed");
  });

  it("reads a supervised loop: open, cut and short from its resistance, restored at rest", async () => {
    const site = s.running.host.site;
    const from = s.events.length;
    module.inputRegisters[0] = 26_700;
    await expect.poll(() => site.door("back")?.position, poll).toBe("Open");
    module.inputRegisters[0] = 65_000;
    await expect.poll(() => site.door("back")?.faults, poll).toEqual([{ input: "c1:in3", fault: "cut" }]);
    expect(site.door("back")?.position).toBe("Unknown");
    module.inputRegisters[0] = 500;
    await expect.poll(() => site.door("back")?.faults, poll).toEqual([{ input: "c1:in3", fault: "short" }]);
    module.inputRegisters[0] = 4_700;
    await expect.poll(() => site.door("back")?.position, poll).toBe("Closed");
    const faults = s.events.slice(from).flatMap((e) => (e.type === "InputFault" ? [e.fault] : []));
    expect(faults).toEqual(["cut", "short", "restored"]);
  });

  it("a relay command the module refuses is reported and retried, never assumed done", async () => {
    const site = s.running.host.site;
    const from = s.events.length;
    module.refuseCoils = true;
    site.manual("front", "grant", "test");
    await expect.poll(() => s.types(from), poll).toContain("ControllerOffline");
    expect(s.logs).toContainEqual(
      expect.objectContaining({
        level: "warn",
        msg: "relay command not delivered; retrying",
        fields: expect.objectContaining({ relay: "r1", energised: true }),
      }),
    );
    expect(module.coils[0]).toBe(false);
    module.refuseCoils = false;
    await expect.poll(() => s.types(from), poll).toContain("ControllerOnline");
    // Back online, the engine drives the lock to what the grant wants.
    await expect.poll(() => module.coils[0], poll).toBe(true);
    await expect.poll(() => module.coils[0], { ...poll, timeout: 20_000 }).toBe(false);
  }, 60_000);

  it("a lost module is ControllerOffline (position Unknown); back, its relays are asserted again first", async () => {
    const site = s.running.host.site;
    const from = s.events.length;
    await server.close();
    await expect.poll(() => s.types(from), poll).toContain("ControllerOffline");
    expect(site.door("front")).toMatchObject({ status: "controller-offline", position: "Unknown" });
    // The module comes back after a power cycle, every output on.
    module = freshModule();
    server = await serveTcp(module, port);
    await expect.poll(() => s.types(from), poll).toContain("ControllerOnline");
    const firstRead = module.ops.findIndex((o) => o.op === "read");
    expect(module.ops.slice(0, firstRead)).toEqual(
      expect.arrayContaining([
        { op: "coil", address: 0, value: false },
        { op: "coil", address: 1, value: true },
      ]),
    );
    await expect.poll(() => site.door("front")?.position, poll).toBe("Closed");
    expect(site.door("front")?.status).toBe("online");
    expect(s.types(from, "front")).not.toContain("DoorForcedOpen");
  }, 60_000);
});
