/**
 * Modbus RTU over a socat PTY pair: the host on one end, `modbus-serial`'s RTU server on the other. The relay
 * coil follows the lock, a discrete input opens the door, and a silent module is ControllerOffline until it
 * answers again with its relays asserted first.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { type PtyPair, startPtyPair } from "../devices/socat";
import { tempDir } from "../runtime/tempDir";
import { ModbusModule, type RunningServer, serveRtu } from "./modbusModule";
import { type ModbusSite, startModbusSite } from "./modbusSite";

const BAUD = 115_200;
// Real serial in real time on a machine other work may load: generous bounds, never fixed sleeps.
const poll = { timeout: 15_000, interval: 10 };

let pair: PtyPair;
let module: ModbusModule;
let server: RunningServer;
let s: ModbusSite;

const restingModule = () => {
  const m = new ModbusModule();
  m.coils.fill(true);
  m.discreteInputs[0] = true;
  m.inputRegisters[0] = 4_700;
  return m;
};

beforeAll(async () => {
  pair = await startPtyPair(tempDir("modbus-rtu"));
  module = restingModule();
  server = await serveRtu(module, pair.pd, BAUD);
  s = await startModbusSite({ kind: "modbus-rtu", path: pair.cp, baudRate: BAUD, timeoutMs: 300 });
}, 60_000);

afterAll(async () => {
  await s?.running.stop();
  await server?.close();
  await pair?.kill();
});

it("locks first, then the coil follows a grant and a discrete input opens the door", async () => {
  const site = s.running.host.site;
  await expect.poll(() => site.door("front")?.position, poll).toBe("Closed");
  const firstRead = module.ops.findIndex((o) => o.op === "read");
  expect(module.ops.slice(0, firstRead)).toContainEqual({ op: "coil", address: 0, value: false });
  const from = s.events.length;
  site.manual("front", "grant", "test");
  await expect.poll(() => module.coils[0], poll).toBe(true);
  module.discreteInputs[0] = false;
  await expect
    .poll(() => s.types(from, "front"), poll)
    .toEqual(expect.arrayContaining(["DoorOpened", "AccessTaken"]));
  await expect.poll(() => module.coils[0], poll).toBe(false);
  module.discreteInputs[0] = true;
  await expect.poll(() => site.door("front")?.position, poll).toBe("Closed");
}, 60_000);

it("a silent module is ControllerOffline; answering again, its relays are asserted before it is online", async () => {
  const site = s.running.host.site;
  const from = s.events.length;
  await server.close();
  await expect.poll(() => s.types(from), poll).toContain("ControllerOffline");
  expect(site.door("front")?.position).toBe("Unknown");
  module = restingModule();
  server = await serveRtu(module, pair.pd, BAUD);
  await expect.poll(() => s.types(from), { ...poll, timeout: 20_000 }).toContain("ControllerOnline");
  const firstRead = module.ops.findIndex((o) => o.op === "read");
  expect(module.ops.slice(0, firstRead)).toEqual(
    expect.arrayContaining([
      { op: "coil", address: 0, value: false },
      { op: "coil", address: 1, value: true },
    ]),
  );
  await expect.poll(() => site.door("front")?.position, poll).toBe("Closed");
}, 60_000);
