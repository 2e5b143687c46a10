/** Site validation: field-named errors, port clashes, controller limits, pin charts. */
import { Either } from "effect";
import { describe, expect, it } from "vitest";
import { validateSite, pinChart, createSite } from "@portcullis/engine";
import { hmacPinHasher, VirtualClock } from "@portcullis/testkit";
import { doorConfig } from "../support/doorSite";

const fieldOf = (input: unknown) => {
  const result = validateSite(input);
  return Either.isLeft(result) ? result.left.field : undefined;
};

const withDoors = (...doors: Array<Record<string, unknown>>) => ({ ...doorConfig(), doors });
const door = (id: string, extra: Record<string, unknown>) => ({ id, name: id, controllerId: "c1", ...extra });

describe("validateSite", () => {
  it("accepts the test site and fills defaults", () => {
    const result = validateSite(doorConfig({ timing: undefined }));
    expect(Either.isRight(result)).toBe(true);
  });

  it("names the field of a schema violation", () => {
    expect(fieldOf(doorConfig({ timing: { accessTimeS: -1 } }))).toBe("doors[0].timing.accessTimeS");
    expect(fieldOf(doorConfig({ doorMonitor: { input: "in1", openWhen: "sometimes" } }))).toBe(
      "doors[0].doorMonitor.openWhen",
    );
    expect(fieldOf(doorConfig({ colour: "red" }))).toBe("doors[0].colour");
  });

  it("takes a reader's custom PIN length and end character, and names a bad one", () => {
    const reader = (pin: Record<string, unknown>) =>
      doorConfig({
        sides: { A: { readers: [{ id: "r", type: "wiegand", port: "rd1", pin }] }, B: {} },
      });
    expect(fieldOf(reader({ minLength: 4, maxLength: 8, endCharacter: "*" }))).toBeUndefined();
    expect(fieldOf(reader({ minLength: 4, maxLength: 4 }))).toBeUndefined();
    expect(fieldOf(reader({ minLength: 6, maxLength: 4 }))).toBe("doors[0].sides.A.readers[0].pin.maxLength");
    expect(fieldOf(reader({ minLength: 4, maxLength: 6, endCharacter: "0" }))).toBe(
      "doors[0].sides.A.readers[0].pin.endCharacter",
    );
  });

  it("rejects a port used twice and names both uses", () => {
    const result = validateSite(
      doorConfig({ sides: { A: { rex: { input: "in1", activeWhen: "circuit-closed" } }, B: {} } }),
    );
    expect(Either.isLeft(result) && result.left.field).toBe("doors[0].sides.A.rex.input");
    expect(Either.isLeft(result) && result.left.message).toMatch(
      /already used by doors\[0\]\.doorMonitor\.input/,
    );
  });

  it("rejects a lock relay shared between two doors", () => {
    expect(fieldOf(withDoors(door("a", { primaryLock: "r1" }), door("b", { primaryLock: "r1" })))).toBe(
      "doors[1].primaryLock",
    );
  });

  it("rejects a port the controller does not have", () => {
    expect(fieldOf(doorConfig({ primaryLock: "r9" }))).toBe("doors[0].primaryLock");
  });

  it("takes two doors with one lock each, but not a third door nor a second door beside two locks", () => {
    expect(
      fieldOf(withDoors(door("a", { primaryLock: "r1" }), door("b", { primaryLock: "r2" }))),
    ).toBeUndefined();
    const threeRelays = {
      ...doorConfig(),
      controllers: [{ ...doorConfig().controllers[0], relays: ["r1", "r2", "r3"] }],
    };
    expect(
      fieldOf({
        ...threeRelays,
        doors: [
          door("a", { primaryLock: "r1" }),
          door("b", { primaryLock: "r2" }),
          door("c", { primaryLock: "r3" }),
        ],
      }),
    ).toBe("doors[2].controllerId");
    expect(
      fieldOf({
        ...threeRelays,
        doors: [door("a", { primaryLock: "r1", secondaryLock: "r2" }), door("b", { primaryLock: "r3" })],
      }),
    ).toBe("doors[1].controllerId");
  });

  it("takes at most two wired readers per controller", () => {
    const reader = (id: string, port: string) => ({ id, type: "osdp", port, osdp: { address: 1 } });
    const controllers = [{ ...doorConfig().controllers[0], readerPorts: ["rd1", "rd2", "rd3"] }];
    expect(
      fieldOf({
        ...doorConfig({
          sides: {
            A: { readers: [reader("ra", "rd1"), reader("rb", "rd2")] },
            B: { readers: [reader("rc", "rd3")] },
          },
        }),
        controllers,
      }),
    ).toBe("doors[0].sides.B.readers[0].port");
  });

  it("takes at most five monitoring doors per I/O module, and only on an I/O module", () => {
    const io = { id: "io1", name: "io", kind: "io-module", inputs: ["p1", "p2", "p3", "p4", "p5", "p6"] };
    const sensor = (p: string) => ({ input: p, openWhen: "circuit-open" });
    const mon = (i: number) => ({
      id: `m${i}`,
      name: `m${i}`,
      controllerId: "io1",
      type: "monitoring",
      sensor: sensor(`p${i}`),
    });
    const base = { ...doorConfig(), controllers: [...doorConfig().controllers, io] };
    expect(fieldOf({ ...base, doors: [1, 2, 3, 4, 5].map(mon) })).toBeUndefined();
    expect(fieldOf({ ...base, doors: [1, 2, 3, 4, 5, 6].map(mon) })).toBe("doors[5].controllerId");
    expect(fieldOf({ ...base, doors: [{ ...mon(1), controllerId: "c1", sensor: sensor("in1") }] })).toBe(
      "doors[0].controllerId",
    );
  });

  it("rejects an unknown unlock schedule and a bad time zone", () => {
    expect(fieldOf(doorConfig({ unlockSchedule: "nope" }))).toBe("doors[0].unlockSchedule");
    expect(fieldOf({ ...doorConfig(), timeZone: "Mars/Olympus" })).toBe("timeZone");
  });

  it("a bad configuration starts no site", () => {
    const result = createSite(doorConfig({ primaryLock: "r9" }), {
      clock: new VirtualClock(),
      hasher: hmacPinHasher(),
    });
    expect(Either.isLeft(result)).toBe(true);
  });
});

describe("pin chart", () => {
  it("lists which controller port does what for a door", () => {
    const site = Either.getOrThrow(
      validateSite(
        doorConfig({
          secondaryLock: "r2",
          sides: {
            A: { readers: [{ id: "rA", type: "wiegand", port: "rd1" }] },
            B: { rex: { input: "in2", activeWhen: "circuit-closed" } },
          },
        }),
      ),
    );
    expect(pinChart(site, "d1")?.map(({ controllerId, port, use }) => ({ controllerId, port, use }))).toEqual(
      [
        { controllerId: "c1", port: "r1", use: "primary lock" },
        { controllerId: "c1", port: "r2", use: "secondary lock" },
        { controllerId: "c1", port: "in1", use: "door monitor" },
        { controllerId: "c1", port: "rd1", use: "reader rA side A (wiegand)" },
        { controllerId: "c1", port: "in2", use: "REX side B" },
      ],
    );
    expect(JSON.parse(JSON.stringify(pinChart(site, "d1")))).toHaveLength(5);
  });
});
