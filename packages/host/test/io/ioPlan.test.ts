/** `devices.io` bindings are decoded with their defaults and checked against the site, each refusal naming its field. */
import { readFileSync } from "node:fs";
import { validateSiteFile } from "@portcullis/engine";
import { nodeCrypto } from "@portcullis/protocols";
import { hmacPinHasher } from "@portcullis/testkit";
import { Either } from "effect";
import { describe, expect, it } from "vitest";
import { decodeDeviceConfig, planOsdpLines } from "../../src/devices";
import { planIo } from "../../src/io";
import { modbusSiteFile, modbusWiring } from "./modbusSite";

const site = Either.getOrThrow(validateSiteFile(modbusSiteFile, hmacPinHasher())).site;
const tcp = { kind: "modbus-tcp", host: "127.0.0.1" };

/** The field and message of the first problem with `binding`, or "ok". */
const check = (binding: Record<string, unknown>, lines: ReadonlyArray<string> = []): string => {
  const decoded = decodeDeviceConfig({ io: [binding] });
  if (Either.isLeft(decoded)) return `${decoded.left.field}: ${decoded.left.message}`;
  const plan = planIo(site, decoded.right.io ?? [], lines);
  return Either.isLeft(plan) ? `${plan.left.field}: ${plan.left.message}` : "ok";
};

describe("devices.io", () => {
  it("decodes a Modbus TCP binding with its defaults: port 502, unit 1, 500 ms timeout, 20 ms polls", () => {
    const decoded = Either.getOrThrow(decodeDeviceConfig({ io: [{ controllerId: "c1", backend: tcp }] }));
    expect(decoded.lines).toEqual([]);
    expect(decoded.io?.[0]?.backend).toEqual({ ...tcp, port: 502, unitId: 1, timeoutMs: 500, pollMs: 20 });
  });

  it("plans a complete wiring: coils with their lock type, contacts and a measured loop", () => {
    const decoded = Either.getOrThrow(
      decodeDeviceConfig({ io: [{ controllerId: "c1", backend: tcp, ...modbusWiring }] }),
    );
    const [plan] = Either.getOrThrow(planIo(site, decoded.io ?? []));
    expect(plan?.relays).toEqual([
      { port: "r1", coil: 0, energisedWhenLocked: false },
      { port: "r2", coil: 1, energisedWhenLocked: true },
    ]);
    expect(plan?.inputs).toEqual([
      { port: "in1", kind: "contact", discreteInput: 0 },
      { port: "in2", kind: "contact", discreteInput: 1 },
      { port: "in3", kind: "loop", inputRegister: 0, ohmsPerCount: 1 },
    ]);
  });

  it.each([
    [{ controllerId: "c9", backend: tcp }, /^io\[0\]\.controllerId: unknown controller "c9"/],
    [{ controllerId: "c1", backend: { kind: "modbus-tcp" } }, /^io\[0\]\.backend/],
    [{ controllerId: "c1", backend: { ...tcp, pollMs: 1 } }, /^io\[0\]\.backend\.pollMs/],
    [
      { controllerId: "c1", backend: tcp, ...modbusWiring, relays: { ...modbusWiring.relays, r9: 4 } },
      /^io\[0\]\.relays\.r9: controller "c1" has no relay port "r9"/,
    ],
    [
      { controllerId: "c1", backend: tcp, ...modbusWiring, inputs: { ...modbusWiring.inputs, in9: 4 } },
      /^io\[0\]\.inputs\.in9: controller "c1" has no input port "in9"/,
    ],
    [
      { controllerId: "c1", backend: tcp, ...modbusWiring, relays: { r2: 1 } },
      /^io\[0\]\.relays: door "front" uses relay port "r1" as its primary lock: bind it to a coil/,
    ],
    [
      { controllerId: "c1", backend: tcp, ...modbusWiring, relays: { r1: 0, r2: 0 } },
      /^io\[0\]\.relays\.r2: coil 0 is already relay "r1"/,
    ],
    [
      { controllerId: "c1", backend: tcp, relays: modbusWiring.relays, inputs: { in1: 0, in2: 1 } },
      /^io\[0\]\.inputs: door "back" uses input port "in3" as its door monitor: bind it/,
    ],
    [
      { controllerId: "c1", backend: tcp, ...modbusWiring, inputs: { ...modbusWiring.inputs, in3: 2 } },
      /^io\[0\]\.inputs\.in3: input "in3" is supervised \(parallel-first\): a discrete input cannot tell cut or short/,
    ],
    [
      {
        controllerId: "c1",
        backend: tcp,
        ...modbusWiring,
        inputs: { ...modbusWiring.inputs, in1: { inputRegister: 1 } },
      },
      /^io\[0\]\.inputs\.in1: input "in1" is not a supervised door input/,
    ],
    [
      { controllerId: "c1", backend: { kind: "simulated" }, relays: { r1: 0 } },
      /^io\[0\]\.relays: a simulated controller simulates every port/,
    ],
  ])("refuses %j naming the field", (binding, expected) => {
    expect(check(binding)).toMatch(expected);
  });

  it("refuses a Modbus RTU module on the serial port of an OSDP line", () => {
    const rtu = { kind: "modbus-rtu", path: "/dev/ttyUSB0", baudRate: 9_600 };
    expect(check({ controllerId: "c1", backend: rtu, ...modbusWiring }, ["/dev/ttyUSB0"])).toMatch(
      /^io\[0\]\.backend\.path: serial port \/dev\/ttyUSB0 is already used by an OSDP line/,
    );
  });
});

describe("devices.io with an OSDP I/O module", () => {
  const line = "/dev/ttyUSB0";
  const osdp = { kind: "osdp", line, address: 2 };
  const osdpWiring = {
    relays: { r1: 0, r2: { output: 1, lock: "fail-safe" } },
    inputs: { in1: 0, in2: 1, in3: 2 },
  };
  // The back door's monitor unsupervised: an OSDP input reports active or inactive only.
  const unsupervised = Either.getOrThrow(
    validateSiteFile(
      {
        ...modbusSiteFile,
        doors: [
          modbusSiteFile.doors[0],
          { ...modbusSiteFile.doors[1], doorMonitor: { input: "in3", openWhen: "circuit-open" } },
        ],
      },
      hmacPinHasher(),
    ),
  ).site;

  it("decodes its defaults and plans outputs with their lock type and inputs as contacts", () => {
    const decoded = Either.getOrThrow(
      decodeDeviceConfig({ io: [{ controllerId: "c1", backend: osdp, ...osdpWiring }] }),
    );
    expect(decoded.io?.[0]?.backend).toEqual({ ...osdp, secureChannel: false, retryMs: 250 });
    const [plan] = Either.getOrThrow(planIo(unsupervised, decoded.io ?? [], [line]));
    expect(plan?.relays).toEqual([
      { port: "r1", coil: 0, energisedWhenLocked: false },
      { port: "r2", coil: 1, energisedWhenLocked: true },
    ]);
    expect(plan?.inputs.map((i) => i.kind)).toEqual(["contact", "contact", "contact"]);
  });

  it.each([
    [
      { ...osdpWiring, relays: { r1: 0, r2: { coil: 1 } } },
      [line],
      /^io\[0\]\.relays\.r2: this backend's relays bind to an output/,
    ],
    [
      osdpWiring,
      [line],
      /^io\[0\]\.inputs\.in3: input "in3" is supervised \(parallel-first\): an OSDP input reports active or inactive/,
    ],
    [
      osdpWiring,
      [],
      /^io\[0\]\.backend\.line: no OSDP line on serial port \/dev\/ttyUSB0: add it to devices\.lines/,
    ],
    [
      { ...osdpWiring, relays: { r1: 0, r2: 0 } },
      [line],
      /^io\[0\]\.relays\.r2: output 0 is already relay "r1"/,
    ],
  ])("refuses %j naming the field", (wiring, lines, expected) => {
    expect(check({ controllerId: "c1", backend: osdp, ...wiring }, lines)).toMatch(expected);
  });

  it("refuses a module at the address of a reader on its line", () => {
    const { devices, ...file } = JSON.parse(
      readFileSync(new URL("../../../../examples/osdp-io-site.json", import.meta.url), "utf8"),
    ) as { devices: { io: Array<{ backend: { address: number } }> } };
    devices.io[0]!.backend.address = 1;
    const valid = Either.getOrThrow(validateSiteFile(file, hmacPinHasher())).site;
    const planned = planOsdpLines(valid, Either.getOrThrow(decodeDeviceConfig(devices)), {
      mainKey: new Uint8Array(32),
      crypto: nodeCrypto,
    });
    expect(Either.isLeft(planned) && `${planned.left.field}: ${planned.left.message}`).toBe(
      'io[0].backend.address: "front-in" already has address 1 on line /dev/ttyUSB0',
    );
  });
});
